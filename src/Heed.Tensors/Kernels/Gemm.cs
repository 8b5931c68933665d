namespace Heed.Tensors.Kernels;

/// <summary>
/// Single-precision general matrix multiply on row-major storage:
/// <c>C = alpha * op(A) * op(B) + beta * C</c>, where <c>op(A)</c> is [m, k] and <c>op(B)</c> is [k, n].
/// </summary>
/// <remarks>
/// When <c>transA</c> is set, A is stored as [k, m] (leading dimension <c>lda</c> ≥ m);
/// otherwise as [m, k] (lda ≥ k). Likewise B is [n, k] when transposed, [k, n] otherwise.
/// With <c>beta == 0</c>, C is overwritten and its old contents (even NaN) are ignored.
/// </remarks>
public static partial class Gemm
{
    /// <summary>The straightforward triple loop: the oracle every fast path is tested against.</summary>
    public static void Reference(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transA ? a[p * lda + i] : a[i * lda + p];
                    float bv = transB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += (double)av * bv;
                }
                float old = beta == 0 ? 0 : beta * c[i * ldc + j];
                c[i * ldc + j] = (float)(alpha * sum) + old;
            }
    }
}
