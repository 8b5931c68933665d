using Heed.Data;
using Heed.Tensors;

namespace Heed.Models;

/// <summary>A batch of source sentences as padded ids: row-major [Batch, MaxLength], with each sentence's real length.</summary>
public sealed record SourceBatch(int[] Ids, int Batch, int MaxLength, int[] Lengths)
{
    /// <summary>Builds a padded batch from id sequences (padding with <paramref name="pad"/>).</summary>
    public static SourceBatch FromSequences(IReadOnlyList<int[]> sentences, int pad)
    {
        int max = Math.Max(1, sentences.Count == 0 ? 1 : sentences.Max(s => s.Length));
        var ids = new int[sentences.Count * max];
        Array.Fill(ids, pad);
        var lengths = new int[sentences.Count];
        for (int b = 0; b < sentences.Count; b++)
        {
            sentences[b].CopyTo(ids, b * max);
            lengths[b] = sentences[b].Length;
        }
        return new SourceBatch(ids, sentences.Count, max, lengths);
    }

    /// <summary>The source side of a training or decoding batch.</summary>
    public static SourceBatch Of(Batch batch) => new(batch.Source, batch.Size, batch.SourceLength, batch.SourceLengths);

    /// <summary>
    /// Rows [<paramref name="start"/>, start + <paramref name="count"/>) as a batch of their own, padded only to their
    /// own longest sentence (so a chunk of short sentences does not pay for a long one elsewhere in the batch).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">the range is not inside [0, Batch).</exception>
    public SourceBatch Rows(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Batch)
            throw new ArgumentOutOfRangeException(nameof(start), $"SourceBatch.Rows: rows [{start}, {start + count}) are outside a batch of {Batch}.");
        return Select(Enumerable.Range(start, count).ToArray());
    }

    /// <summary>Rows <paramref name="rows"/>[0], rows[1], … as a batch of their own, padded to their own longest.</summary>
    /// <exception cref="ArgumentOutOfRangeException">a row is not inside [0, Batch).</exception>
    public SourceBatch Select(int[] rows)
    {
        foreach (int r in rows)
            if ((uint)r >= (uint)Batch)
                throw new ArgumentOutOfRangeException(nameof(rows), $"SourceBatch.Select: row {r} is outside a batch of {Batch}.");
        var (ids, width) = PaddedRows.Select(Ids, MaxLength, Lengths, rows, minWidth: 1);
        return new SourceBatch(ids, rows.Length, width, rows.Select(r => Lengths[r]).ToArray());
    }
}

/// <summary>What a model hands search after reading the source: opaque to search except for row selection.</summary>
public interface IEncodedSource
{
    /// <summary>Number of rows (sentences, or sentence×beam hypotheses).</summary>
    int Rows { get; }

    /// <summary>Source length (columns of the attention weights).</summary>
    int SourceLength { get; }

    /// <summary>A new encoding whose row r is row <c>rows[r]</c> of this one (beam expansion and reordering).</summary>
    IEncodedSource Select(int[] rows);

    /// <summary>Hands the encoding's tensors to the enclosing scope so they outlive <paramref name="stepScope"/>.</summary>
    void KeepIn(Heed.Tensors.Memory.TensorScope stepScope);
}

/// <summary>The decoder's recurrent state between steps; immutable, so beams can share and reorder it.</summary>
public interface IDecoderState
{
    /// <summary>A new state whose row r is row <c>rows[r]</c> of this one.</summary>
    IDecoderState Select(int[] rows);

    /// <summary>Hands the state's tensors to the enclosing <see cref="Heed.Tensors.Memory.TensorScope"/> so they outlive the step.</summary>
    void KeepIn(Heed.Tensors.Memory.TensorScope stepScope);
}

/// <summary>One decoder step's result.</summary>
/// <param name="Scores">[rows, vocabulary] next-token scores whose softmax is the next-token distribution: logits,
/// or log-probabilities themselves (each row may be off by a constant)</param>
/// <param name="Attention">[rows, sourceLength] the alignment weights used for this step</param>
/// <param name="State">the state after the step</param>
/// <remarks>Normalising is left to the search: greedy search needs only each row's best score and log-sum-exp, so it
/// never writes the [rows, vocabulary] log-probabilities that beam search reads through <see cref="LogProbs"/>.</remarks>
public sealed record StepResult(Tensor Scores, Tensor Attention, IDecoderState State)
{
    private Tensor? _logProbs;

    /// <summary>[rows, vocabulary] log-probabilities of the next token: log-softmax of <see cref="Scores"/>, computed on first use.</summary>
    public Tensor LogProbs => _logProbs ??= Scores.LogSoftmax();
}

/// <summary>
/// A translation model as search sees it: read the source once, then step one token at a time.
/// Greedy and beam search call only these (Joey NMT's split of the decoder's step from its unroll).
/// </summary>
public interface IStepDecoder
{
    /// <summary>The target vocabulary id of the beginning-of-sentence token.</summary>
    int BosId { get; }
    /// <summary>The target vocabulary id of the end-of-sentence token.</summary>
    int EosId { get; }
    /// <summary>The size of the target vocabulary.</summary>
    int TargetVocabulary { get; }

    /// <summary>The most output tokens the model can produce for one sentence (a Transformer's position table is
    /// finite); search stops there whatever its own length limit.</summary>
    int MaxOutputLength => int.MaxValue;

    /// <summary>Encodes the source (no gradients needed: search runs under no-grad).</summary>
    /// <param name="source">the batch</param>
    /// <param name="work">what search will ask of the encoding, so the model may precompute what pays for that much
    /// stepping; null when unknown (no precomputation: steps take the direct path)</param>
    IEncodedSource Encode(SourceBatch source, SearchWork? work = null);

    /// <summary>The state before the first output token.</summary>
    IDecoderState Start(IEncodedSource encoded);

    /// <summary>Feeds the previous tokens (one per row) and returns the next-token distribution.</summary>
    StepResult Step(IEncodedSource encoded, IDecoderState state, int[] previousTokens);
}
