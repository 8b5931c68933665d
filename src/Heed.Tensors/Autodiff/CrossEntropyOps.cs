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
        for (int r = 0; r < rows; r++)
            if (saved[r] != ignoreIndex && (uint)saved[r] >= (uint)vocab)
                throw new ArgumentOutOfRangeException(nameof(targets), $"CrossEntropy: target {saved[r]} in row {r} is outside [0, {vocab}).");
        // Rows are independent: each range keeps its own sum, added in range order (repeatable per thread count).
        var totals = new double[Parallelism.RangeCount(rows)];
        var counts = new int[totals.Length];
        Parallelism.ForRanges(rows, (start, end, part) =>
        {
            var xs = logits.Span;
            // exp(x − max) needs a row of scratch: the saved softmax row when there is one.
            var rowScratch = probs is null ? new float[vocab] : null;
            for (int r = start; r < end; r++)
            {
                int t = saved[r];
                if (t == ignoreIndex) continue;
                var xr = xs.Slice(r * vocab, vocab);
                float lse = LogSumExpInto(xr, rowScratch ?? probs!.Span.Slice(r * vocab, vocab));
                double nll = lse - xr[t];
                double smooth = labelSmoothing > 0 ? lse - TensorPrimitives.Sum(xr) / vocab : 0;
                totals[part] += (1 - labelSmoothing) * nll + labelSmoothing * smooth;
                counts[part]++;
                if (probs is not null)
                {
                    var pr = probs.Span.Slice(r * vocab, vocab);
                    TensorPrimitives.Subtract(xr, lse, pr);
                    TensorPrimitives.Exp(pr, pr);
                }
            }
        });
        double total = totals.Sum();
        int count = counts.Sum();
        var loss = Tensor.Scalar(count == 0 ? 0f : (float)(total / count));
        if (track && count > 0)
            loss.Record([logits], () =>
            {
                float scale = loss.GradForAccumulation()[0] / count;
                logits.GradForAccumulation(); // allocated once, before the rows run concurrently
                float offTarget = labelSmoothing / vocab;
                Parallelism.ForRanges(rows, (start, end, _) =>
                {
                    var dx = logits.GradForAccumulation();
                    for (int r = start; r < end; r++)
                    {
                        int t = saved[r];
                        if (t == ignoreIndex) continue;
                        var pr = probs!.Span.Slice(r * vocab, vocab);
                        var dr = dx.Slice(r * vocab, vocab);
                        // dr += scale · (p − ε/V), then the target gets −scale·(1−ε) more.
                        if (offTarget != 0) TensorPrimitives.Subtract(pr, offTarget, pr); // a whole pass: skip when ε = 0
                        TensorPrimitives.MultiplyAdd(pr, scale, dr, dr);
                        dr[t] -= scale * (1 - labelSmoothing);
                    }
                });
            });
        return loss;
    }
}
