using Tensor = Heed.Tensors.Tensor;
using Heed.Tensors;
using Heed.Tensors.Autodiff;

namespace Heed.Memory;

public static partial class MemoryOps
{
    /// <summary>
    /// softplus(x) = log(1 + eˣ), computed as max(x, 0) + log(1 + e^−|x|) so that large |x| neither overflows nor
    /// loses the small term; d/dx = σ(x). Keeps a head's key strength β and sharpening γ − 1 positive.
    /// </summary>
    public static Tensor Softplus(this Tensor x)
    {
        var y = Tensor.Empty(x.Shape.ToArray());
        var xs = x.Span; var ys = y.Span;
        for (int i = 0; i < xs.Length; i++) ys[i] = MathF.Max(xs[i], 0) + MathF.Log(1 + MathF.Exp(-MathF.Abs(xs[i])));
        if (GradMode.Tracks(x))
            y.Record([x], () =>
            {
                var dx = x.GradForAccumulation(); var dy = y.GradForAccumulation(); var xv = x.Span;
                for (int i = 0; i < dx.Length; i++) dx[i] += dy[i] / (1 + MathF.Exp(-xv[i]));
            });
        return y;
    }
}
