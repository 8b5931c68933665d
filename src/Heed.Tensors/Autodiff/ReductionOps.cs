using System.Numerics.Tensors;

using Heed.Tensors.Autodiff;

namespace Heed.Tensors;

/// <summary>Reductions. Dual pairs: sum ↔ broadcast of the gradient.</summary>
public static partial class Ops
{
    /// <summary>Σ of every element → shape [].</summary>
    public static Tensor Sum(this Tensor x)
    {
        var y = Tensor.Empty();
        y.Span[0] = TensorPrimitives.Sum(x.Span);
        if (GradMode.Tracks(x))
            y.Record([x], () =>
            {
                var dx = x.GradForAccumulation();
                TensorPrimitives.Add(dx, y.GradForAccumulation()[0], dx);
            });
        return y;
    }

    /// <summary>Mean of every element → shape []. The mean of no elements is NaN.</summary>
    public static Tensor Mean(this Tensor x) => x.Sum().Scale(1f / x.Length);

    /// <summary>Σ over the last dimension: [..., n] → [...].</summary>
    public static Tensor SumLastDim(this Tensor x)
    {
        if (x.Rank == 0) throw new ArgumentException("SumLastDim: needs at least one dimension; got a scalar.");
        int cols = x.Dim(-1);
        var y = Tensor.Empty(x.Shape[..^1].ToArray());
        var xs = x.Span; var ys = y.Span;
        for (int r = 0; r < y.Length; r++) ys[r] = TensorPrimitives.Sum(xs.Slice(r * cols, cols));
        if (GradMode.Tracks(x))
            y.Record([x], () =>
            {
                var dx = x.GradForAccumulation(); var dy = y.GradForAccumulation();
                for (int r = 0; r < dy.Length; r++)
                {
                    var row = dx.Slice(r * cols, cols);
                    TensorPrimitives.Add(row, dy[r], row);
                }
            });
        return y;
    }
}
