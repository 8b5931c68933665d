using Heed.Tensors.Memory;

namespace Heed.Models.Transformer;

/// <summary>
/// The decoder between steps: the tokens fed so far per row (BOS first) and, for cached steps, each decoder layer's
/// <see cref="KeyValueCache"/>. Immutable; <see cref="Select"/> gathers rows of both without recomputing anything.
/// </summary>
internal sealed class TransformerDecoderState(int[] tokens, int rows, KeyValueCache[]? caches) : IDecoderState
{
    /// <summary>[rows, Length] row-major: the tokens fed so far.</summary>
    public int[] Tokens { get; } = tokens;

    public int Rows { get; } = rows;

    /// <summary>Positions fed so far (the next token's position).</summary>
    public int Length => Rows == 0 ? 0 : Tokens.Length / Rows;

    /// <summary>Per decoder layer, the self-attention keys and values of those positions; null for recomputing steps.</summary>
    public KeyValueCache[]? Caches { get; } = caches;

    /// <summary>The tokens with <paramref name="next"/> (one per row) appended: [rows, Length + 1].</summary>
    public int[] TokensWith(int[] next)
    {
        int length = Length;
        var all = new int[Rows * (length + 1)];
        for (int r = 0; r < Rows; r++)
        {
            Tokens.AsSpan(r * length, length).CopyTo(all.AsSpan(r * (length + 1)));
            all[r * (length + 1) + length] = next[r];
        }
        return all;
    }

    public IDecoderState Select(int[] rows)
    {
        int length = Length;
        var tokens = new int[rows.Length * length];
        for (int i = 0; i < rows.Length; i++)
        {
            if ((uint)rows[i] >= (uint)Rows)
                throw new ArgumentOutOfRangeException(nameof(rows), $"TransformerDecoderState.Select: row {rows[i]} is outside the {Rows} rows.");
            Tokens.AsSpan(rows[i] * length, length).CopyTo(tokens.AsSpan(i * length));
        }
        return new TransformerDecoderState(tokens, rows.Length, Caches?.Select(c => c.Select(rows)).ToArray());
    }

    /// <summary>Nothing to hand over: the caches live outside every scope (<see cref="KeyValueCache"/>).</summary>
    public void KeepIn(TensorScope stepScope) { }
}
