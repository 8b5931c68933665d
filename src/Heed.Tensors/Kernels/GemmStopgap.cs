using System.Numerics.Tensors;

namespace Heed.Tensors.Kernels;

// TEMPORARY: a row-times-panel GEMM so the engine runs while the blocked kernel is written on its own branch.
// Deleted when that branch merges (it defines Multiply and MultiplyBatched).
public static partial class Gemm
{
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        Span<float> col = k <= 4096 ? stackalloc float[k] : new float[k];
        for (int i = 0; i < m; i++)
        {
            var ci = c.Slice(i * ldc, n);
            if (beta == 0) ci.Clear(); else if (beta != 1) TensorPrimitives.Multiply(ci, beta, ci);
            for (int p = 0; p < k; p++)
            {
                float av = alpha * (transA ? a[p * lda + i] : a[i * lda + p]);
                if (av == 0) continue;
                if (!transB) TensorPrimitives.MultiplyAdd(b.Slice(p * ldb, n), av, ci, ci);
                else for (int j = 0; j < n; j++) ci[j] += av * b[j * ldb + p];
            }
        }
    }

    public static void MultiplyBatched(int batch, bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, long strideA, ReadOnlySpan<float> b, int ldb, long strideB,
        float beta, Span<float> c, int ldc, long strideC)
    {
        for (int i = 0; i < batch; i++)
            Multiply(transA, transB, m, n, k, alpha, a[(int)(i * strideA)..], lda, b[(int)(i * strideB)..], ldb,
                beta, c[(int)(i * strideC)..], ldc);
    }
}
