using System.Numerics.Tensors;
using Tensor = Heed.Tensors.Tensor;
using Heed.Tensors;
using Heed.Tensors.Autodiff;

namespace Heed.Memory;

/// <summary>The differentiable pieces of Neural Turing Machine addressing that the engine's general ops lack.</summary>
public static partial class MemoryOps
{
    /// <summary>
    /// y[b, …] = x[b, …] · s[b]: one scalar per batch row (a head's key strength β, gate g or sharpening γ), which the
    /// engine's suffix broadcasting cannot express ([B] is not a suffix of [B, N]).
    /// Backward: dx[b, …] += dy[b, …] · s[b], ds[b] += ⟨dy[b, …], x[b, …]⟩.
    /// </summary>
    /// <param name="x">[B, …]</param>
    /// <param name="s">[B]</param>
    /// <returns>x's shape</returns>
    /// <exception cref="ArgumentException">s is not [B] for x's first dimension B.</exception>
    public static Tensor RowScale(Tensor x, Tensor s)
    {
        if (x.Rank < 1 || s.Rank != 1 || s.Dim(0) != x.Dim(0))
            throw new ArgumentException($"RowScale: x {x.Describe()} and s {s.Describe()} do not fit ([B, …] and [B]).");
        int batch = x.Dim(0), row = batch == 0 ? 0 : x.Length / batch;
        var y = Tensor.Empty(x.Shape.ToArray());
        var xs = x.Span; var ss = s.Span; var ys = y.Span;
        for (int b = 0; b < batch; b++) TensorPrimitives.Multiply(xs.Slice(b * row, row), ss[b], ys.Slice(b * row, row));
        if (GradMode.Tracks(x, s))
            y.Record([x, s], () =>
            {
                var dy = y.GradForAccumulation();
                var xv = x.Span; var sv = s.Span;
                var dx = x.RequiresGrad ? x.GradForAccumulation() : default;
                var ds = s.RequiresGrad ? s.GradForAccumulation() : default;
                for (int b = 0; b < batch; b++)
                {
                    var dyb = dy.Slice(b * row, row);
                    if (!dx.IsEmpty) { var d = dx.Slice(b * row, row); TensorPrimitives.MultiplyAdd(dyb, sv[b], d, d); }
                    if (!ds.IsEmpty) ds[b] += TensorPrimitives.Dot(dyb, xv.Slice(b * row, row));
                }
            });
        return y;
    }
}
