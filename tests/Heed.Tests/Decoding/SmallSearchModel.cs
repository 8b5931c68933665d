using Heed.Config;
using Heed.Models;

namespace Heed.Tests.Decoding;

/// <summary>A tiny untrained Bahdanau model in evaluation mode, and random source batches for it, for search tests.</summary>
internal static class SmallSearchModel
{
    public static RnnSeq2Seq Create()
    {
        var config = new RnnConfig(Rnn: "gru", EmbeddingSize: 6, HiddenSize: 8, EncoderLayers: 1, DecoderLayers: 1,
            Decoder: "bahdanau", Attention: "additive", AttentionSize: 0, Dropout: 0.2, TieEmbeddings: false, MaxSourceLength: 0);
        var model = new RnnSeq2Seq(config, sourceVocabulary: 12, targetVocabulary: 14, seed: 5);
        model.Eval();
        return model;
    }

    /// <summary>Sentences of 1–9 tokens (ids 4..11, then EOS 3), in random order so chunks differ in padded length.</summary>
    public static SourceBatch Sources(int count, int seed)
    {
        var random = new Random(seed);
        var sentences = Enumerable.Range(0, count)
            .Select(_ => Enumerable.Range(0, random.Next(1, 10)).Select(_ => random.Next(4, 12)).Append(3).ToArray()).ToList();
        return SourceBatch.FromSequences(sentences, pad: 1);
    }
}
