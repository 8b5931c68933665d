using Heed.Tensors;
using Heed.Tensors.Autodiff;

namespace Heed.Attention;

public static partial class AttentionOps
{
    /// <summary>
    /// g[b,t,i] = exp(−(i − p[b,t])² / (2σ²)) for i = 0 … length−1: the local-p Gaussian centred on a predicted
    /// position. Differentiable in p: dp[b,t] += Σ_i dg[b,t,i] · g[b,t,i] · (i − p[b,t]) / σ².
    /// </summary>
    /// <param name="centres">[B, Tq] positions p</param>
    /// <param name="length">Tk</param>
    /// <param name="sigma">σ &gt; 0</param>
    /// <returns>[B, Tq, Tk]</returns>
    public static Tensor GaussianWindow(Tensor centres, int length, float sigma)
    {
        if (centres.Rank != 2) throw new ArgumentException($"GaussianWindow: centres must be [B, Tq]; got {centres.Describe()}.");
        if (!(sigma > 0)) throw new ArgumentOutOfRangeException(nameof(sigma), $"GaussianWindow: sigma = {sigma} must be positive.");
        int rows = centres.Length;
        var g = Tensor.Empty(centres.Dim(0), centres.Dim(1), length);
        var ps = centres.Span; var gs = g.Span;
        float twoSigma2 = 2 * sigma * sigma;
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < length; i++)
            {
                float d = i - ps[r];
                gs[r * length + i] = MathF.Exp(-d * d / twoSigma2);
            }
        if (GradMode.Tracks(centres))
            g.Record([centres], () =>
            {
                var dg = g.GradForAccumulation(); var dp = centres.GradForAccumulation(); var gv = g.Span; var pv = centres.Span;
                float sigma2 = sigma * sigma;
                for (int r = 0; r < rows; r++)
                {
                    double sum = 0;
                    for (int i = 0; i < length; i++)
                        sum += dg[r * length + i] * gv[r * length + i] * (i - pv[r]);
                    dp[r] += (float)(sum / sigma2);
                }
            });
        return g;
    }
}
