using Heed.Tensors.Kernels;

using Heed.Tensors.Autodiff;

namespace Heed.Tensors;

/// <summary>Matrix products on <see cref="Gemm"/>; a transpose is a flag, never a copy.</summary>
public static partial class Ops
{
    /// <summary>
    /// op(a) · op(b), where op transposes the last two dimensions when its flag is set. Shapes:
    /// [m, k]·[k, n] → [m, n]; [..., m, k]·[k, n] → [..., m, n] (leading dimensions of <paramref name="a"/> flattened,
    /// not with <paramref name="transA"/>); [B, m, k]·[B, k, n] → [B, m, n] (batched).
    /// </summary>
    public static Tensor MatMul(this Tensor a, Tensor b, bool transA = false, bool transB = false)
    {
        if (b.Rank == 2 && (a.Rank == 2 || (a.Rank > 2 && !transA)))
            return MatMul2D(a, b, transA, transB);
        if (a.Rank == 3 && b.Rank == 3 && a.Dim(0) == b.Dim(0))
            return MatMulBatched(a, b, transA, transB);
        throw new ArgumentException(
            $"MatMul: shapes {ShapeOf.Format(a.Shape)}{(transA ? "ᵀ" : "")} and {ShapeOf.Format(b.Shape)}{(transB ? "ᵀ" : "")} " +
            "are not [m,k]·[k,n], [...,m,k]·[k,n] or [B,m,k]·[B,k,n].");
    }

    private static Tensor MatMul2D(Tensor a, Tensor b, bool transA, bool transB)
    {
        int rowsA = a.Length / Math.Max(1, a.Dim(-1)), colsA = a.Dim(-1);
        int m = transA ? colsA : rowsA, k = transA ? rowsA : colsA;
        int kb = transB ? b.Dim(1) : b.Dim(0), n = transB ? b.Dim(0) : b.Dim(1);
        if (k != kb)
            throw new ArgumentException($"MatMul: inner sizes differ: {ShapeOf.Format(a.Shape)}{(transA ? "ᵀ" : "")} · {ShapeOf.Format(b.Shape)}{(transB ? "ᵀ" : "")} ({k} vs {kb}).");
        int[] shape = transA ? [m, n] : [.. a.Shape[..^1], n];
        var y = Tensor.Empty(shape);
        Gemm.Multiply(transA, transB, m, n, k, 1f, a.Span, colsA, b.Span, b.Dim(1), 0f, y.Span, n);
        if (GradMode.Tracks(a, b))
            y.Record([a, b], () => MatMulBackward(1, a, b, y, transA, transB, m, n, k, colsA, b.Dim(1), 0, 0, 0));
        return y;
    }

    private static Tensor MatMulBatched(Tensor a, Tensor b, bool transA, bool transB)
    {
        int batch = a.Dim(0);
        int m = transA ? a.Dim(2) : a.Dim(1), k = transA ? a.Dim(1) : a.Dim(2);
        int kb = transB ? b.Dim(2) : b.Dim(1), n = transB ? b.Dim(1) : b.Dim(2);
        if (k != kb)
            throw new ArgumentException($"MatMul: inner sizes differ: {ShapeOf.Format(a.Shape)}{(transA ? "ᵀ" : "")} · {ShapeOf.Format(b.Shape)}{(transB ? "ᵀ" : "")} ({k} vs {kb}).");
        var y = Tensor.Empty(batch, m, n);
        int lda = a.Dim(2), ldb = b.Dim(2);
        long sa = (long)a.Dim(1) * lda, sb = (long)b.Dim(1) * ldb, sc = (long)m * n;
        Gemm.MultiplyBatched(batch, transA, transB, m, n, k, 1f, a.Span, lda, sa, b.Span, ldb, sb, 0f, y.Span, n, sc);
        if (GradMode.Tracks(a, b))
            y.Record([a, b], () => MatMulBackward(batch, a, b, y, transA, transB, m, n, k, lda, ldb, sa, sb, sc));
        return y;
    }

    /// <summary>
    /// For C = op(A)·op(B): dop(A) = dC·op(B)ᵀ and dop(B) = op(A)ᵀ·dC, written in the stored layout of A and B
    /// (so a transposed operand receives the transposed product), accumulating with beta = 1.
    /// </summary>
    private static void MatMulBackward(int batch, Tensor a, Tensor b, Tensor y, bool transA, bool transB,
        int m, int n, int k, int lda, int ldb, long sa, long sb, long sc)
    {
        var dc = y.GradForAccumulation();
        if (a.RequiresGrad)
        {
            var da = a.GradForAccumulation();
            if (!transA) // dA[m,k] = dC[m,n] · op(B)ᵀ
                Gemm.MultiplyBatched(batch, false, !transB, m, k, n, 1f, dc, n, sc, b.Span, ldb, sb, 1f, da, lda, sa);
            else // dA[k,m] = op(B)[k,n] · dCᵀ
                Gemm.MultiplyBatched(batch, transB, true, k, m, n, 1f, b.Span, ldb, sb, dc, n, sc, 1f, da, lda, sa);
        }
        if (b.RequiresGrad)
        {
            var db = b.GradForAccumulation();
            // A 2-D right operand is shared by every row block, so its gradient sums over the batch: sb = 0 and
            // batch = 1 already express that, because the flattened A has all rows in one matrix.
            if (!transB) // dB[k,n] = op(A)ᵀ · dC
                Gemm.MultiplyBatched(batch, !transA, false, k, n, m, 1f, a.Span, lda, sa, dc, n, sc, 1f, db, ldb, sb);
            else // dB[n,k] = dCᵀ · op(A)
                Gemm.MultiplyBatched(batch, true, transA, n, k, m, 1f, dc, n, sc, a.Span, lda, sa, 1f, db, ldb, sb);
        }
    }
}
