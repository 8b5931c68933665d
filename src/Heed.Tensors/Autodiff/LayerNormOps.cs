using System.Numerics.Tensors;

using Heed.Tensors.Autodiff;

namespace Heed.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Layer normalisation over the last dimension: (x − μ) / √(σ² + ε) · γ + β, σ² the biased variance.
    /// <paramref name="gamma"/> and <paramref name="beta"/> are [D].
    /// </summary>
    public static Tensor LayerNorm(this Tensor x, Tensor gamma, Tensor beta, float eps = 1e-5f)
    {
        int d = x.Dim(-1);
        if (gamma.Rank != 1 || gamma.Dim(0) != d || beta.Rank != 1 || beta.Dim(0) != d)
            throw new ArgumentException($"LayerNorm: gamma {ShapeOf.Format(gamma.Shape)} and beta {ShapeOf.Format(beta.Shape)} must be [{d}] for input {ShapeOf.Format(x.Shape)}.");
        int rows = d == 0 ? 0 : x.Length / d;
        var y = Tensor.Empty(x.Shape.ToArray());
        var normalized = new float[x.Length]; // x̂, saved for backward
        var invStd = new float[rows];
        var xs = x.Span; var ys = y.Span; var g = gamma.Span; var b = beta.Span;
        for (int r = 0; r < rows; r++)
        {
            var xr = xs.Slice(r * d, d); var nr = normalized.AsSpan(r * d, d);
            float mean = TensorPrimitives.Sum(xr) / d;
            TensorPrimitives.Subtract(xr, mean, nr);
            float variance = TensorPrimitives.SumOfSquares(nr) / d;
            invStd[r] = 1f / MathF.Sqrt(variance + eps);
            TensorPrimitives.Multiply(nr, invStd[r], nr);
            TensorPrimitives.FusedMultiplyAdd(nr, g, b, ys.Slice(r * d, d));
        }
        if (GradMode.Tracks([x, gamma, beta]))
            y.Record([x, gamma, beta], () =>
            {
                var dy = y.GradForAccumulation();
                var dxhat = new float[d];
                for (int r = 0; r < rows; r++)
                {
                    var dyr = dy.Slice(r * d, d); var nr = normalized.AsSpan(r * d, d);
                    if (gamma.RequiresGrad) { var dg = gamma.GradForAccumulation(); TensorPrimitives.FusedMultiplyAdd(dyr, nr, dg, dg); }
                    if (beta.RequiresGrad) { var db = beta.GradForAccumulation(); TensorPrimitives.Add(db, dyr, db); }
                    if (!x.RequiresGrad) continue;
                    // dx = invStd/D · (D·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)), dx̂ = dy·γ
                    TensorPrimitives.Multiply(dyr, gamma.Span, dxhat);
                    float sum = TensorPrimitives.Sum(dxhat), dot = TensorPrimitives.Dot(dxhat, nr);
                    var dxr = x.GradForAccumulation().Slice(r * d, d);
                    float s = invStd[r] / d;
                    for (int j = 0; j < d; j++) dxr[j] += s * (d * dxhat[j] - sum - nr[j] * dot);
                }
            });
        return y;
    }
}
