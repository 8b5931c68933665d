using Heed.Tensors;

namespace Heed.Attention;

/// <summary>
/// Keys and values already projected and split into heads by <see cref="MultiHeadAttention.PrepareMemory"/>: what a
/// Transformer decoder's cross-attention reuses at every step. Immutable; <see cref="Select"/> reorders for beam search.
/// </summary>
public sealed class MultiHeadMemory
{
    internal MultiHeadMemory(ProjectedKeys keys, Tensor values, int heads)
    {
        Keys = keys;
        Values = values;
        Heads = heads;
    }

    /// <summary>Keys per head: batch dimension B·h (sentence b, head j at row b·h + j), [B·h, Tk, d_k].</summary>
    internal ProjectedKeys Keys { get; }

    /// <summary>Values per head, [B·h, Tk, d_v].</summary>
    internal Tensor Values { get; }

    /// <summary>h, the number of heads the keys and values are split into.</summary>
    public int Heads { get; }

    /// <summary>B (sentences, not sentence × head).</summary>
    public int BatchSize => Keys.BatchSize / Heads;

    /// <summary>Tk, the padded number of keys per sentence.</summary>
    public int Length => Keys.Length;

    /// <summary>A new memory whose sentence r is this one's sentence <c>batchIndices[r]</c> (beam search).</summary>
    /// <exception cref="ArgumentOutOfRangeException">an index is outside [0, B).</exception>
    public MultiHeadMemory Select(int[] batchIndices)
    {
        foreach (int b in batchIndices)
            if ((uint)b >= (uint)BatchSize)
                throw new ArgumentOutOfRangeException(nameof(batchIndices), $"MultiHeadMemory.Select: index {b} is outside the batch of {BatchSize}.");
        var rows = HeadRows(batchIndices, Heads);
        return new MultiHeadMemory(Keys.Select(rows), Values.SelectBatch(rows), Heads);
    }

    /// <summary>Rows b·h … b·h + h − 1 for each sentence b, in order.</summary>
    internal static int[] HeadRows(IReadOnlyList<int> sentences, int heads)
    {
        var rows = new int[sentences.Count * heads];
        for (int r = 0; r < sentences.Count; r++)
            for (int j = 0; j < heads; j++) rows[r * heads + j] = sentences[r] * heads + j;
        return rows;
    }
}
