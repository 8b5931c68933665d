using System.Numerics.Tensors;
using Tensor = Heed.Tensors.Tensor;
using Heed.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Kernels;

namespace Heed.Attention;

public static partial class AttentionOps
{
    /// <summary>
    /// Fused additive (Bahdanau) score e[b,t,i] = Σ_j v_j tanh(wq[b,t,j] + uk[b,i,j]) without materialising the
    /// [B, Tq, Tk, n] sum: the engine's suffix broadcasting cannot add [B, Tq, 1, n] to [B, 1, Tk, n].
    /// </summary>
    /// <remarks>
    /// Backward recomputes the tanh instead of keeping the [B, Tq, Tk, n] activations, so training memory stays
    /// O(B·Tq·Tk) per call (a decoder calls this once per target step). With z = tanh(·) and g = de[b,t,i]:
    /// dwq[b,t] += g·v⊙(1 − z²), duk[b,i] += the same, dv += g·z. Masked positions (g = 0) are skipped.
    /// Batch rows are spread over <see cref="Parallelism.Threads"/>. <see cref="AdditiveScoresComposite"/> is the composite-op oracle it is tested against.
    /// </remarks>
    /// <param name="wq">[B, Tq, n], W_a s_t</param>
    /// <param name="uk">[B, Tk, n], U_a h_i</param>
    /// <param name="v">[n], v_a</param>
    /// <returns>[B, Tq, Tk]</returns>
    public static Tensor AdditiveScores(Tensor wq, Tensor uk, Tensor v)
    {
        CheckAdditive(wq, uk, v);
        int batch = wq.Dim(0), tq = wq.Dim(1), tk = uk.Dim(1), n = v.Length;
        var e = Tensor.Empty(batch, tq, tk);
        Parallelism.ForRanges(batch, (start, end, _) =>
        {
            var ws = wq.Span; var us = uk.Span; var vs = v.Span; var es = e.Span;
            for (int b = start; b < end; b++)
                for (int t = 0; t < tq; t++)
                {
                    var w = ws.Slice((b * tq + t) * n, n);
                    for (int i = 0; i < tk; i++)
                        es[(b * tq + t) * tk + i] = FloatActivations.AdditiveScore(w, us.Slice((b * tk + i) * n, n), vs);
                }
        });
        if (GradMode.Tracks([wq, uk, v]))
            e.Record([wq, uk, v], () => AdditiveBackward(wq, uk, v, e, batch, tq, tk, n));
        return e;
    }

    // Batch rows run concurrently; each range sums its dv into its own buffer, added up at the end.
    private static void AdditiveBackward(Tensor wq, Tensor uk, Tensor v, Tensor e, int batch, int tq, int tk, int n)
    {
        e.GradForAccumulation();
        if (wq.RequiresGrad) wq.GradForAccumulation();
        if (uk.RequiresGrad) uk.GradForAccumulation();
        var dvParts = new float[v.RequiresGrad ? Parallelism.RangeCount(batch) : 0][];
        Parallelism.ForRanges(batch, (start, end, part) =>
        {
            var de = e.GradForAccumulation();
            var dwq = wq.RequiresGrad ? wq.GradForAccumulation() : default;
            var duk = uk.RequiresGrad ? uk.GradForAccumulation() : default;
            var dv = v.RequiresGrad ? (dvParts[part] = new float[n]).AsSpan() : default;
            var ws = wq.Span; var us = uk.Span; var vs = v.Span;
            var z = new float[n]; var dpre = new float[n];
            for (int b = start; b < end; b++)
                for (int t = 0; t < tq; t++)
                {
                    int row = b * tq + t;
                    var w = ws.Slice(row * n, n);
                    for (int i = 0; i < tk; i++)
                    {
                        float g = de[row * tk + i];
                        if (g == 0) continue;
                        TensorPrimitives.Add(w, us.Slice((b * tk + i) * n, n), z);
                        FloatActivations.Tanh(z, z);
                        if (!dv.IsEmpty) TensorPrimitives.MultiplyAdd(z, g, dv, dv);
                        TensorPrimitives.Multiply(z, z, dpre);
                        TensorPrimitives.Subtract(1f, dpre, dpre);
                        TensorPrimitives.Multiply(dpre, vs, dpre);
                        if (!dwq.IsEmpty) { var d = dwq.Slice(row * n, n); TensorPrimitives.MultiplyAdd(dpre, g, d, d); }
                        if (!duk.IsEmpty) { var d = duk.Slice((b * tk + i) * n, n); TensorPrimitives.MultiplyAdd(dpre, g, d, d); }
                    }
                }
        });
        if (dvParts.Length > 0)
        {
            var dvTotal = v.GradForAccumulation();
            foreach (var part in dvParts) if (part is not null) TensorPrimitives.Add(dvTotal, part, dvTotal);
        }
    }

    /// <summary>
    /// The same scores as <see cref="AdditiveScores"/> from general engine ops (tile, add, tanh, matmul), materialising
    /// [B, Tq, Tk, n]: the oracle for the fused op, not for production use.
    /// </summary>
    internal static Tensor AdditiveScoresComposite(Tensor wq, Tensor uk, Tensor v)
    {
        CheckAdditive(wq, uk, v);
        int batch = wq.Dim(0), tq = wq.Dim(1), tk = uk.Dim(1), n = v.Length;
        var w4 = wq.Reshape(batch, tq, 1, n);
        var wTiled = Ops.Concat(Enumerable.Repeat(w4, tk).ToArray(), 2);            // [B, Tq, Tk, n]
        var u4 = uk.Reshape(batch, 1, tk, n);
        var uTiled = Ops.Concat(Enumerable.Repeat(u4, tq).ToArray(), 1);            // [B, Tq, Tk, n]
        return wTiled.Add(uTiled).Tanh().MatMul(v.Reshape(n, 1)).Reshape(batch, tq, tk);
    }

    private static void CheckAdditive(Tensor wq, Tensor uk, Tensor v)
    {
        if (wq.Rank != 3 || uk.Rank != 3 || v.Rank != 1 || wq.Dim(0) != uk.Dim(0) || wq.Dim(2) != v.Length || uk.Dim(2) != v.Length)
            throw new ArgumentException(
                $"AdditiveScores: W_a·s {wq.Describe()}, U_a·h {uk.Describe()} and v_a {v.Describe()} do not fit ([B, Tq, n], [B, Tk, n], [n]).");
    }
}
