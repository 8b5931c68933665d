using System.Numerics.Tensors;
using Tensor = Heed.Tensors.Tensor;
using Heed.Tensors;
using Heed.Tensors.Autodiff;

namespace Heed.Attention;

/// <summary>Gathering along the batch dimension (beam search expands and reorders hypotheses with it).</summary>
public static partial class AttentionOps
{
    /// <summary>
    /// Row r of the result is row <c>batchIndices[r]</c> of <paramref name="x"/> along dimension 0:
    /// [B, ...] → [batchIndices.Length, ...]. Indices may repeat; the backward pass scatter-adds.
    /// </summary>
    /// <exception cref="ArgumentException">x is a scalar.</exception>
    /// <exception cref="ArgumentOutOfRangeException">an index is outside [0, B).</exception>
    public static Tensor SelectBatch(this Tensor x, int[] batchIndices)
    {
        if (x.Rank == 0) throw new ArgumentException("SelectBatch: needs a batch dimension; got a scalar.");
        int batch = x.Dim(0), row = batch == 0 ? 0 : x.Length / batch;
        foreach (int i in batchIndices)
            if ((uint)i >= (uint)batch)
                throw new ArgumentOutOfRangeException(nameof(batchIndices), $"SelectBatch: index {i} is outside the batch of {batch} (shape {x.Describe()}).");
        var indices = (int[])batchIndices.Clone();
        var y = Tensor.Empty([indices.Length, .. x.Shape[1..]]);
        var xs = x.Span; var ys = y.Span;
        for (int r = 0; r < indices.Length; r++) xs.Slice(indices[r] * row, row).CopyTo(ys.Slice(r * row, row));
        if (GradMode.Tracks(x))
            y.Record([x], () =>
            {
                var dx = x.GradForAccumulation(); var dy = y.GradForAccumulation();
                for (int r = 0; r < indices.Length; r++)
                {
                    var dst = dx.Slice(indices[r] * row, row);
                    TensorPrimitives.Add(dst, dy.Slice(r * row, row), dst);
                }
            });
        return y;
    }
}
