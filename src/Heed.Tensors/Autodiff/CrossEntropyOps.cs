using System.Numerics.Tensors;

using Heed.Tensors.Autodiff;

namespace Heed.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Mean cross-entropy of <paramref name="logits"/> [N, V] against class ids <paramref name="targets"/> [N],
    /// fused with log-softmax. Rows whose target is <paramref name="ignoreIndex"/> add nothing and are not counted.
    /// With label smoothing ε the target distribution is (1−ε)·one-hot + ε/V (PyTorch's convention), so
    /// loss = (1−ε)·(−log p_t) + ε·mean_v(−log p_v). Returns shape []; 0 when every row is ignored.
    /// </summary>
    /// <remarks>Backward: d loss/d logits = (softmax − q) / count, computed from the probabilities saved in forward.</remarks>
    public static Tensor CrossEntropy(this Tensor logits, ReadOnlySpan<int> targets, int ignoreIndex = -100, float labelSmoothing = 0f)
    {
        if (logits.Rank != 2) throw new ArgumentException($"CrossEntropy: logits must be [N, V]; got {ShapeOf.Format(logits.Shape)}.");
        int rows = logits.Dim(0), vocab = logits.Dim(1);
        if (targets.Length != rows) throw new ArgumentException($"CrossEntropy: {targets.Length} targets for {rows} rows of logits {ShapeOf.Format(logits.Shape)}.");
        if (labelSmoothing < 0 || labelSmoothing >= 1) throw new ArgumentOutOfRangeException(nameof(labelSmoothing), $"CrossEntropy: label smoothing {labelSmoothing} must be in [0, 1).");

        bool track = GradMode.Tracks(logits);
        var probs = track ? Tensor.Empty(rows, vocab) : null; // softmax, saved for backward
        var saved = targets.ToArray();
        var xs = logits.Span;
        double total = 0;
        int count = 0;
        for (int r = 0; r < rows; r++)
        {
            int t = saved[r];
            if (t == ignoreIndex) continue;
            if ((uint)t >= (uint)vocab) throw new ArgumentOutOfRangeException(nameof(targets), $"CrossEntropy: target {t} in row {r} is outside [0, {vocab}).");
            var xr = xs.Slice(r * vocab, vocab);
            float lse = LogSumExp(xr);
            double nll = lse - xr[t];
            double smooth = labelSmoothing > 0 ? lse - TensorPrimitives.Sum(xr) / vocab : 0;
            total += (1 - labelSmoothing) * nll + labelSmoothing * smooth;
            count++;
            if (probs is not null)
            {
                var pr = probs.Span.Slice(r * vocab, vocab);
                TensorPrimitives.Subtract(xr, lse, pr);
                TensorPrimitives.Exp(pr, pr);
            }
        }
        var loss = Tensor.Scalar(count == 0 ? 0f : (float)(total / count));
        if (track && count > 0)
            loss.Record([logits], () =>
            {
                float scale = loss.GradForAccumulation()[0] / count;
                var dx = logits.GradForAccumulation();
                float offTarget = labelSmoothing / vocab;
                for (int r = 0; r < rows; r++)
                {
                    int t = saved[r];
                    if (t == ignoreIndex) continue;
                    var pr = probs!.Span.Slice(r * vocab, vocab);
                    var dr = dx.Slice(r * vocab, vocab);
                    // dr += scale · (p − ε/V), then the target gets −scale·(1−ε) more.
                    TensorPrimitives.Subtract(pr, offTarget, pr);
                    TensorPrimitives.MultiplyAdd(pr, scale, dr, dr);
                    dr[t] -= scale * (1 - labelSmoothing);
                }
            });
        return loss;
    }
}
