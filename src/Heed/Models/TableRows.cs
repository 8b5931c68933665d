using Tensor = Heed.Tensors.Tensor;

namespace Heed.Models;

/// <summary>Where each source sentence's rows sit in compact <see cref="ContextTables"/>: sentence b owns rows
/// [Start[b], Start[b] + Length[b]).</summary>
internal sealed class TableRows
{
    /// <summary>Sentences of <paramref name="lengths"/> real positions each, stored one after another.</summary>
    public TableRows(int[] lengths)
    {
        Length = lengths;
        Start = new int[lengths.Length];
        for (int b = 0, next = 0; b < lengths.Length; next += lengths[b], b++)
        {
            if (lengths[b] < 0) throw new ArgumentException($"TableRows: sentence {b} has length {lengths[b]}.");
            Start[b] = next;
        }
        Total = lengths.Sum();
        Longest = lengths.Length == 0 ? 0 : lengths.Max();
    }

    public int[] Start { get; }
    public int[] Length { get; }
    public int Count => Length.Length;

    /// <summary>Table rows in all: Σ L_b.</summary>
    public int Total { get; }

    public int Longest { get; }

    /// <summary>The real positions of annotations [B, S, C] gathered sentence after sentence: [Σ L_b, C].</summary>
    public Tensor Gather(Tensor values)
    {
        int b = values.Dim(0), s = values.Dim(1), c = values.Dim(2);
        if (b != Count || Longest > s)
            throw new ArgumentException($"TableRows.Gather: annotations {values.Describe()} for {Count} sentences of up to {Longest} positions.");
        var rows = Tensor.Empty(Total, c);
        ReadOnlySpan<float> from = values.Span;
        var to = rows.Span;
        for (int i = 0; i < b; i++)
            from.Slice(i * s * c, Length[i] * c).CopyTo(to.Slice(Start[i] * c, Length[i] * c));
        return rows;
    }
}
