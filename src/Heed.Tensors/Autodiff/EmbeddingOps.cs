using System.Numerics.Tensors;

using Heed.Tensors.Autodiff;

namespace Heed.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Rows of <paramref name="weight"/> [V, D] picked by <paramref name="ids"/>: output shape is
    /// <paramref name="idShape"/> + [D]. Backward scatter-adds into the picked rows (a repeated id accumulates).
    /// </summary>
    public static Tensor Embedding(Tensor weight, ReadOnlySpan<int> ids, int[] idShape)
    {
        if (weight.Rank != 2) throw new ArgumentException($"Embedding: weight must be [V, D]; got {ShapeOf.Format(weight.Shape)}.");
        if (ShapeOf.Count(idShape) != ids.Length)
            throw new ArgumentException($"Embedding: {ids.Length} ids do not fill id shape {ShapeOf.Format(idShape)}.");
        int vocab = weight.Dim(0), dim = weight.Dim(1);
        var y = Tensor.Empty([.. idShape, dim]);
        var w = weight.Span; var ys = y.Span;
        var saved = ids.ToArray();
        for (int i = 0; i < saved.Length; i++)
        {
            int id = saved[i];
            if ((uint)id >= (uint)vocab)
                throw new ArgumentOutOfRangeException(nameof(ids), $"Embedding: id {id} at position {i} is outside the vocabulary of {vocab}.");
            w.Slice(id * dim, dim).CopyTo(ys.Slice(i * dim, dim));
        }
        if (GradMode.Tracks(weight))
            y.Record([weight], () =>
            {
                var dw = weight.GradForAccumulation(); var dy = y.GradForAccumulation();
                for (int i = 0; i < saved.Length; i++)
                {
                    var row = dw.Slice(saved[i] * dim, dim);
                    TensorPrimitives.Add(row, dy.Slice(i * dim, dim), row);
                }
            });
        return y;
    }
}
