using System.Numerics.Tensors;
using Tensor = Heed.Tensors.Tensor;
using Heed.Tensors;
using Heed.Tensors.Autodiff;

namespace Heed.Attention;

public static partial class AttentionOps
{
    /// <summary>Added under the square root of a norm so that a zero vector normalises to zero, not NaN.</summary>
    internal const float NormEpsilon = 1e-12f;

    /// <summary>
    /// y = x / √(‖x‖² + ε) over the last dimension (ε = 1e-12): a unit vector, or zero for a zero vector.
    /// Backward: dx = (dy − y⟨y, dy⟩) / √(‖x‖² + ε), exact for this ε.
    /// </summary>
    public static Tensor L2Normalize(this Tensor x)
    {
        if (x.Rank == 0) throw new ArgumentException("L2Normalize: needs at least one dimension; got a scalar.");
        int cols = x.Dim(-1), rows = cols == 0 ? 0 : x.Length / cols;
        var y = Tensor.Empty(x.Shape.ToArray());
        var norms = new float[rows];
        var xs = x.Span; var ys = y.Span;
        for (int r = 0; r < rows; r++)
        {
            var xr = xs.Slice(r * cols, cols);
            norms[r] = MathF.Sqrt(TensorPrimitives.SumOfSquares(xr) + NormEpsilon);
            TensorPrimitives.Divide(xr, norms[r], ys.Slice(r * cols, cols));
        }
        if (GradMode.Tracks(x))
            y.Record([x], () =>
            {
                var dy = y.GradForAccumulation(); var dx = x.GradForAccumulation(); var yv = y.Span;
                var tmp = new float[cols];
                for (int r = 0; r < rows; r++)
                {
                    var dyr = dy.Slice(r * cols, cols); var yr = yv.Slice(r * cols, cols); var dxr = dx.Slice(r * cols, cols);
                    float dot = TensorPrimitives.Dot(yr, dyr);
                    TensorPrimitives.MultiplyAdd(yr, -dot, dyr, tmp);          // dy − y⟨y, dy⟩
                    TensorPrimitives.MultiplyAdd(tmp, 1f / norms[r], dxr, dxr);
                }
            });
        return y;
    }
}
