using Heed.Config;
using Heed.Tensors;
using Heed.Tensors.Nn;

namespace Heed.Models;

/// <summary>
/// The one seam every trainable sequence-to-sequence model goes through: training calls <see cref="Loss"/>, search
/// calls <see cref="IStepDecoder"/>'s Encode / Start / Step, the model directory saves and loads its parameters
/// (<see cref="Module.NamedParameters"/>) under its <see cref="CheckpointFormat"/>, and <see cref="ModelFactory"/>
/// builds it from its config section. The trainer, the training step, the model directory, the translator and the
/// benchmarks know only this class.
/// </summary>
/// <remarks>
/// An abstract class rather than an interface because a model is a <see cref="Module"/> (parameters, train/eval
/// mode, dropout layers) as much as a step decoder, and C# cannot ask an interface for a base class.
/// Ids: source sentences end with EOS (no BOS); target rows are BOS … EOS followed by padding.
/// </remarks>
public abstract class Seq2SeqModel : Module, IStepDecoder
{
    /// <summary>Records the vocabulary sizes and special ids every model kind shares.</summary>
    /// <param name="sourceVocabulary">source vocabulary size (ids 0 … size − 1)</param>
    /// <param name="targetVocabulary">target vocabulary size, the output layer's width</param>
    /// <param name="padId">the padding id, never scored</param>
    /// <param name="bosId">the id that starts every target row</param>
    /// <param name="eosId">the id that ends every sentence</param>
    protected Seq2SeqModel(int sourceVocabulary, int targetVocabulary, int padId, int bosId, int eosId)
    {
        SourceVocabulary = sourceVocabulary;
        TargetVocabulary = targetVocabulary;
        PadId = padId;
        BosId = bosId;
        EosId = eosId;
    }

    /// <summary>The number of source ids the model embeds (ids 0 … SourceVocabulary − 1).</summary>
    public int SourceVocabulary { get; }

    /// <summary>The number of target ids it embeds and scores: the width of each step's log-probabilities.</summary>
    public int TargetVocabulary { get; }

    /// <summary>The id that pads short rows of a batch; the loss skips it and attention masks it.</summary>
    public int PadId { get; }

    /// <summary>The id that starts every target row (the decoder's first input).</summary>
    public int BosId { get; }

    /// <summary>The id that ends every source and target sentence; search stops a hypothesis when it is chosen.</summary>
    public int EosId { get; }

    /// <inheritdoc/>
    public virtual int MaxOutputLength => int.MaxValue;

    /// <summary>Every layer's and head's attention for one sentence pair, teacher-forced on the given output, for
    /// pictures; null for a model with one attention (an RNN's, which search already records).</summary>
    /// <param name="sourceIds">the source as the model reads it (ending in EOS)</param>
    /// <param name="targetIdsWithBos">BOS and the output tokens before the last predicted one</param>
    public virtual Transformer.TransformerAttentionMaps? LayeredAttention(int[] sourceIds, int[] targetIdsWithBos) => null;

    /// <summary>The model section this model was built from (its kind's record).</summary>
    public abstract ModelConfig Config { get; }

    /// <summary>Written into every checkpoint's metadata and checked on load, so a checkpoint of another model kind
    /// or layout is refused with a message instead of being read into the wrong tensors.</summary>
    public abstract string CheckpointFormat { get; }

    /// <summary>
    /// Teacher-forced training loss: the mean (label-smoothed) cross-entropy of the target ids (row-major [B, T], each
    /// BOS … EOS then padding) predicted from their prefixes; padding is not scored.
    /// </summary>
    /// <returns>the loss (shape []) and the number of target tokens it averages over</returns>
    public abstract (Tensor Loss, int Tokens) Loss(SourceBatch source, int[] target, int targetLength, float labelSmoothing);

    /// <summary>
    /// The readable definition of <see cref="Loss"/>: teacher forcing through the search interface, one position at
    /// a time — encode, start, then step on each gold prefix token and score the next — with the same label smoothing,
    /// (1−ε)·(−log p_gold) + ε·mean_v(−log p_v), over the non-padding positions. Slow (one output layer per step, over
    /// every row); kept as the test oracle of each model's fast <see cref="Loss"/>, which must compute the same
    /// function (in evaluation mode, where dropout cannot tell the two apart).
    /// </summary>
    public (Tensor Loss, int Tokens) StepwiseLoss(SourceBatch source, int[] target, int targetLength, float labelSmoothing)
    {
        int b = source.Batch, vocab = TargetVocabulary;
        if (target.Length != b * targetLength)
            throw new ArgumentException($"StepwiseLoss: {target.Length} target ids for batch {b} × length {targetLength}.");
        var encoded = Encode(source);
        var state = Start(encoded);
        Tensor? total = null;
        int tokens = 0;
        for (int t = 0; t + 1 < targetLength; t++)
        {
            var previous = new int[b];
            for (int r = 0; r < b; r++) previous[r] = target[r * targetLength + t];
            var result = Step(encoded, state, previous);
            state = result.State;
            var weights = new float[b * vocab]; // the target distribution q of each scored row, zero for padding
            for (int r = 0; r < b; r++)
            {
                int gold = target[r * targetLength + t + 1];
                if (gold == PadId) continue;
                for (int v = 0; v < vocab; v++) weights[r * vocab + v] = labelSmoothing / vocab;
                weights[r * vocab + gold] += 1 - labelSmoothing;
                tokens++;
            }
            var nll = result.LogProbs.Mul(Tensor.FromArray(weights, b, vocab)).Sum().Neg();
            total = total is null ? nll : total.Add(nll);
        }
        if (total is null || tokens == 0)
            throw new ArgumentException($"StepwiseLoss: the batch of {b} has no target token to score.");
        return (total.Scale(1f / tokens), tokens);
    }

    /// <inheritdoc/>
    public abstract IEncodedSource Encode(SourceBatch source, SearchWork? work = null);

    /// <inheritdoc/>
    public abstract IDecoderState Start(IEncodedSource encoded);

    /// <inheritdoc/>
    public abstract StepResult Step(IEncodedSource encoded, IDecoderState state, int[] previousTokens);
}
