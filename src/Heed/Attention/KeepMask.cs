using System.Numerics.Tensors;
using Tensor = Heed.Tensors.Tensor;
using Heed.Tensors;

namespace Heed.Attention;

/// <summary>Builds the 1 = keep / 0 = masked tensor that the softmax of an attention call receives.</summary>
internal static class KeepMask
{
    /// <summary>
    /// [B, Tq, Tk] (a view of the key mask when nothing else applies), or null when every key is kept.
    /// Causal: query t sits at position <paramref name="firstQueryPosition"/> + t and keeps keys j ≤ that position.
    /// </summary>
    public static Tensor? Build(Tensor? keyMask, int batch, int queries, int keys, bool causal, int firstQueryPosition)
    {
        if (!causal)
        {
            if (keyMask is null) return null;
            if (queries == 1) return keyMask.Reshape(batch, 1, keys);
        }
        var mask = Tensor.Empty(batch, queries, keys);
        var m = mask.Span;
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < queries; t++)
            {
                var row = m.Slice((b * queries + t) * keys, keys);
                if (keyMask is null) row.Fill(1f); else keyMask.Span.Slice(b * keys, keys).CopyTo(row);
                if (causal)
                {
                    int last = firstQueryPosition + t;
                    if (last + 1 < keys) row[Math.Max(0, last + 1)..].Clear();
                }
            }
        return mask;
    }

    /// <summary>keep ⊙ extra, where either may be null (null = keep everything).</summary>
    public static Tensor? And(Tensor? keep, Tensor extra)
    {
        if (keep is null) return extra;
        var both = Tensor.Empty(extra.Shape.ToArray());
        // keep may be a [B, 1, Tk] view while extra is [B, Tq, Tk]; with Tq = 1 they have the same layout.
        if (keep.Length != extra.Length)
            throw new InvalidOperationException($"KeepMask.And: masks {keep.Describe()} and {extra.Describe()} differ in size.");
        TensorPrimitives.Multiply(keep.Span, extra.Span, both.Span);
        return both;
    }
}
