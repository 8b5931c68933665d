using Tensor = Heed.Tensors.Tensor;
using Heed.Tensors;
using Heed.Tensors.Autodiff;

namespace Heed.Memory;

public static partial class MemoryOps
{
    /// <summary>
    /// Circular convolution of a weighting with a shift distribution (Graves et al. 2014, Eq. 8):
    /// y[b, i] = Σ_k w[b, (i − o_k) mod N] · s[b, k], where shift k moves weight by o_k = k − (S − 1)/2 locations
    /// (S = 3: o = −1, 0, +1), so a one-hot s at +1 moves the whole weighting one location forward.
    /// Backward: dw[b, (i − o_k) mod N] += dy[b, i] · s[b, k]; ds[b, k] += Σ_i dy[b, i] · w[b, (i − o_k) mod N].
    /// </summary>
    /// <param name="w">[B, N] the gated weighting</param>
    /// <param name="s">[B, S] the shift weights (a softmax), S odd and ≤ N</param>
    /// <returns>[B, N]</returns>
    /// <exception cref="ArgumentException">the shapes do not fit, or S is even or larger than N.</exception>
    public static Tensor CircularShift(Tensor w, Tensor s)
    {
        if (w.Rank != 2 || s.Rank != 2 || w.Dim(0) != s.Dim(0) || s.Dim(1) % 2 == 0 || s.Dim(1) > w.Dim(1))
            throw new ArgumentException($"CircularShift: weighting {w.Describe()} and shift {s.Describe()} do not fit ([B, N] and [B, S] with S odd and ≤ N).");
        int batch = w.Dim(0), n = w.Dim(1), shifts = s.Dim(1), half = shifts / 2;
        var y = Tensor.Zeros(batch, n);
        var ws = w.Span; var ss = s.Span; var ys = y.Span;
        for (int b = 0; b < batch; b++)
            for (int k = 0; k < shifts; k++)
            {
                float sk = ss[b * shifts + k];
                int offset = k - half;
                for (int i = 0; i < n; i++) ys[b * n + i] += sk * ws[b * n + Wrap(i - offset, n)];
            }
        if (GradMode.Tracks(w, s))
            y.Record([w, s], () =>
            {
                var dy = y.GradForAccumulation();
                var wv = w.Span; var sv = s.Span;
                var dw = w.RequiresGrad ? w.GradForAccumulation() : default;
                var ds = s.RequiresGrad ? s.GradForAccumulation() : default;
                for (int b = 0; b < batch; b++)
                    for (int k = 0; k < shifts; k++)
                    {
                        int offset = k - half;
                        float sk = sv[b * shifts + k], sum = 0;
                        for (int i = 0; i < n; i++)
                        {
                            int from = b * n + Wrap(i - offset, n);
                            float g = dy[b * n + i];
                            if (!dw.IsEmpty) dw[from] += g * sk;
                            sum += g * wv[from];
                        }
                        if (!ds.IsEmpty) ds[b * shifts + k] += sum;
                    }
            });
        return y;
    }

    private static int Wrap(int i, int n) => ((i % n) + n) % n;
}
