using System.Numerics.Tensors;

using Heed.Tensors.Autodiff;

namespace Heed.Tensors;

/// <summary>Softmax and log-softmax over the last dimension, with an optional keep-mask.</summary>
/// <remarks>
/// The mask holds 1 where a position takes part and 0 where it is masked out; its shape equals the input's or is a
/// suffix of it (the broadcasting rule of <see cref="Add"/>). Masked positions get weight exactly 0 (log-softmax: -∞)
/// and no gradient. A row whose positions are all masked gives all zeros from softmax, never NaN.
/// </remarks>
public static partial class Ops
{
    /// <summary>exp(x_j) / Σ_k exp(x_k) over the last dimension, computed with the row maximum subtracted.</summary>
    public static Tensor Softmax(this Tensor x, Tensor? mask = null)
    {
        int cols = CheckSoftmaxArgs(x, mask, "Softmax");
        var y = Tensor.Empty(x.Shape.ToArray());
        int rows = cols == 0 ? 0 : x.Length / cols;
        var xs = x.Span; var ys = y.Span;
        for (int r = 0; r < rows; r++)
        {
            var xr = xs.Slice(r * cols, cols); var yr = ys.Slice(r * cols, cols);
            if (mask is null) { Kernels.StableSoftmax.Apply(xr, yr); continue; }
            var mr = MaskRow(mask, r, cols);
            if (!ApplyMask(xr, mr, yr)) { yr.Clear(); continue; }
            Kernels.StableSoftmax.Apply(yr, yr); // masked entries are -∞ here, so exp gives exactly 0
        }
        if (GradMode.Tracks(x))
            y.Record([x], () =>
            {
                // dx = y ⊙ (dy − ⟨dy, y⟩) per row; masked y are 0, so their dx is 0.
                var dy = y.GradForAccumulation(); var dx = x.GradForAccumulation(); var yv = y.Span;
                for (int r = 0; r < rows; r++)
                {
                    var dyr = dy.Slice(r * cols, cols); var yr = yv.Slice(r * cols, cols); var dxr = dx.Slice(r * cols, cols);
                    float dot = TensorPrimitives.Dot(dyr, yr);
                    for (int j = 0; j < cols; j++) dxr[j] += yr[j] * (dyr[j] - dot);
                }
            });
        return y;
    }

    /// <summary>x_j − log Σ_k exp(x_k) over the last dimension; masked positions give -∞.</summary>
    public static Tensor LogSoftmax(this Tensor x, Tensor? mask = null)
    {
        int cols = CheckSoftmaxArgs(x, mask, "LogSoftmax");
        var y = Tensor.Empty(x.Shape.ToArray());
        int rows = cols == 0 ? 0 : x.Length / cols;
        // A decoder step's [128, 6000] rows are worth spreading over the threads; small ones stay on the caller.
        void Rows(int start, int end)
        {
            var xs = x.Span; var ys = y.Span;
            for (int r = start; r < end; r++)
            {
                var xr = xs.Slice(r * cols, cols); var yr = ys.Slice(r * cols, cols);
                if (mask is null)
                {
                    TensorPrimitives.Subtract(xr, LogSumExpInto(xr, yr), yr); // yr is scratch until overwritten
                    continue;
                }
                if (!ApplyMask(xr, MaskRow(mask, r, cols), yr)) continue; // all -∞
                TensorPrimitives.Subtract(yr, LogSumExp(yr), yr);
            }
        }
        if ((long)rows * cols >= ParallelSoftmaxElements) Parallelism.ForRanges(rows, (start, end, _) => Rows(start, end));
        else Rows(0, rows);
        if (GradMode.Tracks(x))
            y.Record([x], () =>
            {
                // dx = dy − softmax(x) · Σ dy, with softmax = exp(y); masked positions get nothing.
                var dy = y.GradForAccumulation(); var dx = x.GradForAccumulation(); var yv = y.Span;
                for (int r = 0; r < rows; r++)
                {
                    var dyr = dy.Slice(r * cols, cols); var yr = yv.Slice(r * cols, cols); var dxr = dx.Slice(r * cols, cols);
                    var mr = mask is null ? default : MaskRow(mask, r, cols);
                    float sum = 0;
                    for (int j = 0; j < cols; j++) if (mask is null || mr[j] != 0) sum += dyr[j];
                    for (int j = 0; j < cols; j++)
                        if (mask is null || mr[j] != 0) dxr[j] += dyr[j] - MathF.Exp(yr[j]) * sum;
                }
            });
        return y;
    }

    /// <summary>Rows × columns from which log-softmax runs its rows on several threads (≈ 0.1 ms of work).</summary>
    private const long ParallelSoftmaxElements = 1 << 16;

    /// <summary>
    /// <see cref="LogSumExp"/> with vector exp: exp(v − max) goes to <paramref name="scratch"/> (at least as long as v,
    /// not overlapping it) and is summed there. The sum is in float, pairwise over vector lanes:
    /// for the ≤ 10⁵ terms in (0, 1] of a softmax row its relative error stays near 1e-6.
    /// </summary>
    internal static float LogSumExpInto(ReadOnlySpan<float> v, Span<float> scratch)
    {
        if (v.Length == 0) return float.NegativeInfinity;
        float max = TensorPrimitives.Max(v);
        if (float.IsNegativeInfinity(max) || float.IsNaN(max)) return max;
        var e = scratch[..v.Length];
        TensorPrimitives.Subtract(v, max, e);
        TensorPrimitives.Exp(e, e);
        return max + MathF.Log(TensorPrimitives.Sum(e));
    }

    /// <summary>log Σ exp(v), stable: max + log Σ exp(v − max). -∞ for an empty or all -∞ row.</summary>
    internal static float LogSumExp(ReadOnlySpan<float> v)
    {
        if (v.Length == 0) return float.NegativeInfinity;
        float max = TensorPrimitives.Max(v);
        if (float.IsNegativeInfinity(max)) return max;
        double sum = 0;
        foreach (float e in v) sum += MathF.Exp(e - max);
        return max + (float)Math.Log(sum);
    }

    private static int CheckSoftmaxArgs(Tensor x, Tensor? mask, string op)
    {
        if (x.Rank == 0) throw new ArgumentException($"{op}: needs at least one dimension; got a scalar.");
        if (mask is not null && (mask.Rank == 0 || !ShapeOf.EndsWith(x.Shape, mask.Shape)))
            throw new ArgumentException($"{op}: mask shape {ShapeOf.Format(mask.Shape)} does not fit input {ShapeOf.Format(x.Shape)} (equal or a suffix).");
        return x.Dim(-1);
    }

    private static ReadOnlySpan<float> MaskRow(Tensor mask, int row, int cols)
    {
        int maskRows = mask.Length / cols;
        return mask.Span.Slice(row % maskRows * cols, cols);
    }

    /// <summary>Copies the row with masked entries set to -∞; false when every entry is masked.</summary>
    private static bool ApplyMask(ReadOnlySpan<float> x, ReadOnlySpan<float> keep, Span<float> y)
    {
        bool any = false;
        for (int j = 0; j < x.Length; j++)
        {
            if (keep[j] != 0) { y[j] = x[j]; any = true; }
            else y[j] = float.NegativeInfinity;
        }
        return any;
    }
}
