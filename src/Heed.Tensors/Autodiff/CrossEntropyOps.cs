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
    /// <remarks>Backward: d loss/d logits = (softmax − q) / count, with softmax recomputed from the logits and each row's saved log-sum-exp.</remarks>
    public static Tensor CrossEntropy(this Tensor logits, ReadOnlySpan<int> targets, int ignoreIndex = -100, float labelSmoothing = 0f)
    {
        if (logits.Rank != 2) throw new ArgumentException($"CrossEntropy: logits must be [N, V]; got {ShapeOf.Format(logits.Shape)}.");
        int rows = logits.Dim(0), vocab = logits.Dim(1);
        if (targets.Length != rows) throw new ArgumentException($"CrossEntropy: {targets.Length} targets for {rows} rows of logits {ShapeOf.Format(logits.Shape)}.");
        if (labelSmoothing < 0 || labelSmoothing >= 1) throw new ArgumentOutOfRangeException(nameof(labelSmoothing), $"CrossEntropy: label smoothing {labelSmoothing} must be in [0, 1).");

        bool track = GradMode.Tracks(logits);
        var saved = targets.ToArray();
        for (int r = 0; r < rows; r++)
            if (saved[r] != ignoreIndex && (uint)saved[r] >= (uint)vocab)
                throw new ArgumentOutOfRangeException(nameof(targets), $"CrossEntropy: target {saved[r]} in row {r} is outside [0, {vocab}).");
        // Only each row's log-sum-exp is kept for backward, which recomputes softmax = exp(x − lse) from the logits
        // (kept anyway: they are this op's input). Storing the [N, V] softmax instead cost as much memory as the
        // logits themselves, the largest activation of a translation model, for one cheap exp pass saved.
        var lses = new float[rows];
        // Rows are independent: each range keeps its own sum, added in range order (repeatable per thread count).
        var totals = new double[Parallelism.RangeCount(rows)];
        var counts = new int[totals.Length];
        Parallelism.ForRanges(rows, (start, end, part) =>
        {
            var xs = logits.Span;
            var scratch = new float[vocab];
            for (int r = start; r < end; r++)
            {
                int t = saved[r];
                if (t == ignoreIndex) continue;
                var xr = xs.Slice(r * vocab, vocab);
                float lse = lses[r] = LogSumExpInto(xr, scratch);
                double nll = lse - xr[t];
                double smooth = labelSmoothing > 0 ? lse - TensorPrimitives.Sum(xr) / vocab : 0;
                totals[part] += (1 - labelSmoothing) * nll + labelSmoothing * smooth;
                counts[part]++;
            }
        });
        double total = totals.Sum();
        int count = counts.Sum();
        var loss = Tensor.Scalar(count == 0 ? 0f : (float)(total / count));
        if (track && count > 0)
            loss.Record([logits], () =>
            {
                float scale = loss.GradForAccumulation()[0] / count;
                // Allocated once, before the rows run concurrently; a fresh gradient is assigned, not zeroed and added to.
                logits.GradForWrite(out bool accumulate);
                float offTarget = labelSmoothing / vocab;
                Parallelism.ForRanges(rows, (start, end, _) =>
                {
                    var dx = logits.GradForAccumulation();
                    var xs = logits.Span;
                    var p = new float[vocab];
                    for (int r = start; r < end; r++)
                    {
                        int t = saved[r];
                        var dr = dx.Slice(r * vocab, vocab);
                        if (t == ignoreIndex)
                        {
                            if (!accumulate) dr.Clear();
                            continue;
                        }
                        // dr (+)= scale · (softmax − ε/V), then the target gets −scale·(1−ε) more.
                        TensorPrimitives.Subtract(xs.Slice(r * vocab, vocab), lses[r], p);
                        TensorPrimitives.Exp(p, p);
                        if (offTarget != 0) TensorPrimitives.Subtract(p, offTarget, p); // a whole pass: skip when ε = 0
                        if (accumulate) TensorPrimitives.MultiplyAdd(p, scale, dr, dr);
                        else TensorPrimitives.Multiply(p, scale, dr);
                        dr[t] -= scale * (1 - labelSmoothing);
                    }
                });
            });
        return loss;
    }
}
