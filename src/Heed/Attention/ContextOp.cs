using System.Numerics.Tensors;
using Tensor = Heed.Tensors.Tensor;
using Heed.Tensors;
using Heed.Tensors.Autodiff;

namespace Heed.Attention;

public static partial class AttentionOps
{
    /// <summary>
    /// The context of one query per row, c[b] = Σ_i w[b,i]·v[b,i], for decoder steps (Tq = 1): as
    /// <c>weights.MatMul(values)</c> (its test oracle) but without a GEMM per row, whose packing costs far more than
    /// the B·Tk·dv multiply-adds; rows are spread over <see cref="Parallelism.Threads"/>.
    /// </summary>
    /// <remarks>Backward: dw[b,i] = ⟨dc[b], v[b,i]⟩ and dv[b,i] += w[b,i]·dc[b].</remarks>
    /// <param name="weights">[B, 1, Tk]</param>
    /// <param name="values">[B, Tk, dv]</param>
    /// <returns>[B, 1, dv]</returns>
    /// <exception cref="ArgumentException">the shapes do not fit, naming them.</exception>
    public static Tensor StepContext(Tensor weights, Tensor values)
    {
        if (weights.Rank != 3 || values.Rank != 3 || weights.Dim(1) != 1 || weights.Dim(0) != values.Dim(0) || weights.Dim(2) != values.Dim(1))
            throw new ArgumentException($"StepContext: weights {weights.Describe()} and values {values.Describe()} do not fit ([B, 1, Tk], [B, Tk, dv]).");
        int batch = values.Dim(0), tk = values.Dim(1), dv = values.Dim(2);
        var context = Tensor.Zeros(batch, 1, dv);
        ForRows(batch, b =>
        {
            var w = weights.Span.Slice(b * tk, tk); var v = values.Span; var c = context.Span.Slice(b * dv, dv);
            for (int i = 0; i < tk; i++)
                if (w[i] != 0) TensorPrimitives.MultiplyAdd(v.Slice((b * tk + i) * dv, dv), w[i], c, c);
        });
        if (GradMode.Tracks(weights, values))
            context.Record([weights, values], () =>
            {
                bool needW = weights.RequiresGrad, needV = values.RequiresGrad;
                // Allocate the gradient buffers here, once: the rows below run concurrently.
                context.GradForAccumulation();
                if (needW) weights.GradForAccumulation();
                if (needV) values.GradForAccumulation();
                ForRows(batch, b =>
                {
                    var dc = context.GradForAccumulation().Slice(b * dv, dv);
                    var v = values.Span; var w = weights.Span.Slice(b * tk, tk);
                    var dw = needW ? weights.GradForAccumulation().Slice(b * tk, tk) : default;
                    var dvs = needV ? values.GradForAccumulation() : default;
                    for (int i = 0; i < tk; i++)
                    {
                        int at = (b * tk + i) * dv;
                        if (needW) dw[i] += TensorPrimitives.Dot(dc, v.Slice(at, dv));
                        if (needV && w[i] != 0) { var d = dvs.Slice(at, dv); TensorPrimitives.MultiplyAdd(dc, w[i], d, d); }
                    }
                });
            });
        return context;
    }

    /// <summary>Runs <paramref name="row"/> for every batch row, in parallel when the engine may use several threads.</summary>
    private static void ForRows(int batch, Action<int> row) => Parallelism.ForRanges(batch, (start, end, _) =>
    {
        for (int b = start; b < end; b++) row(b);
    });
}
