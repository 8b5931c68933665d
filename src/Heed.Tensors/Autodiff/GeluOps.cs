using Heed.Tensors.Autodiff;

namespace Heed.Tensors;

public static partial class Ops
{
    private const float InvSqrt2 = 0.70710678118654752f;
    private const float InvSqrt2Pi = 0.39894228040143268f;

    /// <summary>
    /// The Gaussian error linear unit, GELU(x) = x·Φ(x) with Φ the standard normal CDF (Hendrycks &amp; Gimpel 2016), in
    /// its exact (erf) form as PyTorch's default; d/dx = Φ(x) + x·φ(x). Saves its input for backward.
    /// </summary>
    /// <remarks>Φ(x) = ½(1 + erf(x/√2)) with erf from <see cref="Erf"/> (absolute error ≤ 1.5e-7), so the result is
    /// within a few float ulps of the exact function.</remarks>
    public static Tensor Gelu(this Tensor x)
    {
        var y = Tensor.Empty(x.Shape.ToArray());
        Parallelism.ForRangesIfLarge(x.Length, x.Length, (start, end, _) =>
        {
            var xs = x.Span; var ys = y.Span;
            for (int i = start; i < end; i++) ys[i] = xs[i] * NormalCdf(xs[i]);
        });
        if (GradMode.Tracks(x))
            y.Record([x], () =>
            {
                x.GradForAccumulation(); // allocated before the ranges run
                Parallelism.ForRangesIfLarge(x.Length, x.Length, (start, end, _) =>
                {
                    var xs = x.Span; var dx = x.GradForAccumulation(); var dy = y.GradForAccumulation();
                    for (int i = start; i < end; i++)
                    {
                        float v = xs[i];
                        dx[i] += dy[i] * (NormalCdf(v) + v * InvSqrt2Pi * MathF.Exp(-0.5f * v * v));
                    }
                });
            });
        return y;
    }

    /// <summary>Φ(x) = ½(1 + erf(x/√2)).</summary>
    internal static float NormalCdf(float x) => 0.5f * (1f + Erf(x * InvSqrt2));

    /// <summary>
    /// The error function by Abramowitz &amp; Stegun 7.1.26 (absolute error ≤ 1.5e-7, below float32's resolution of
    /// values near ±1), evaluated in double: .NET has no erf of its own.
    /// </summary>
    internal static float Erf(float x)
    {
        double a = Math.Abs((double)x);
        double t = 1 / (1 + 0.3275911 * a);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double e = 1 - poly * Math.Exp(-a * a);
        return (float)(x < 0 ? -e : e);
    }
}
