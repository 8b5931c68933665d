using Heed.Config;

namespace Heed.Models;

/// <summary>Builds the model a config's <c>model</c> section describes (<c>model.type</c> picks the kind).</summary>
public static class ModelFactory
{
    /// <param name="config">the model section</param>
    /// <param name="sourceVocabulary">source vocabulary size</param>
    /// <param name="targetVocabulary">target vocabulary size</param>
    /// <param name="seed">initialisation seed: the same seed gives the same weights</param>
    /// <exception cref="HeedInputException">sizes that do not fit together (the message names the keys)</exception>
    public static Seq2SeqModel Create(ModelConfig config, int sourceVocabulary, int targetVocabulary, int seed) => config switch
    {
        RnnConfig rnn => new RnnSeq2Seq(rnn, sourceVocabulary, targetVocabulary, seed),
        TransformerConfig transformer => new Transformer.TransformerSeq2Seq(transformer, sourceVocabulary, targetVocabulary, seed),
        _ => throw new ArgumentException($"ModelFactory: no model for config type {config.GetType().Name} (model.type '{config.Type}')."),
    };
}
