namespace Heed.Tensors.Kernels;

public static partial class Gemm
{
    /// <summary>
    /// Fast <c>C = alpha * op(A) * op(B) + beta * C</c> (row-major; see <see cref="Gemm"/> for the storage of A, B, C),
    /// using packed panels, SIMD micro-kernels and up to <see cref="Parallelism.Threads"/> threads.
    /// </summary>
    /// <param name="transA">Whether A is stored transposed, as [k, m].</param>
    /// <param name="transB">Whether B is stored transposed, as [n, k].</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product op(A)·op(B).</param>
    /// <param name="a">A, row-major with row stride <paramref name="lda"/>.</param>
    /// <param name="lda">Row stride of A as stored: ≥ m when <paramref name="transA"/>, else ≥ k.</param>
    /// <param name="b">B, row-major with row stride <paramref name="ldb"/>.</param>
    /// <param name="ldb">Row stride of B as stored: ≥ k when <paramref name="transB"/>, else ≥ n.</param>
    /// <param name="beta">Scale of the old C added to the product; 0 overwrites C without reading it.</param>
    /// <param name="c">C, [m, n] row-major with row stride <paramref name="ldc"/>; the result is written here.</param>
    /// <param name="ldc">Row stride of C: ≥ n.</param>
    /// <remarks>
    /// As in BLAS, when <paramref name="alpha"/> is 0 or <paramref name="k"/> is 0, A and B are not read; when
    /// <paramref name="beta"/> is 0, C is not read. C must not overlap A or B.
    /// </remarks>
    /// <exception cref="ArgumentException">A size is negative, a leading dimension is smaller than its row, or a span
    /// is too short for the shape; the message names the offending values.</exception>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
        Multiply(GemmMicroKernels.Best, Parallelism.Threads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>
    /// <see cref="Multiply(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>
    /// over <paramref name="batch"/> independent matrices: matrix i of A starts at <c>i * strideA</c>, likewise B and C.
    /// </summary>
    /// <remarks>
    /// Small matrices (attention scores and contexts) are spread over the threads a whole matrix at a time; large ones
    /// run one after another, each split over the threads. A stride of 0 for A or B reuses one matrix for the whole
    /// batch; C's stride must keep the outputs apart.
    /// </remarks>
    /// <exception cref="ArgumentException">As for Multiply, plus a negative batch or stride, or output matrices that
    /// overlap; the message names the values.</exception>
    public static void MultiplyBatched(int batch, bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, long strideA, ReadOnlySpan<float> b, int ldb, long strideB,
        float beta, Span<float> c, int ldc, long strideC) =>
        MultiplyBatched(GemmMicroKernels.Best, Parallelism.Threads, batch, transA, transB, m, n, k, alpha,
            a, lda, strideA, b, ldb, strideB, beta, c, ldc, strideC);

    /// <summary>Multiply with an explicit kernel path and thread count, so tests can exercise every fallback.</summary>
    internal static unsafe void Multiply(GemmPath path, int threads, bool transA, bool transB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        GemmArguments.Check(transA, transB, m, n, k, lda, ldb, ldc, a.Length, b.Length, c.Length, batch: 1, 0, 0, 0);
        fixed (float* pa = a, pb = b, pc = c)
        {
            var problem = new GemmProblem(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            GemmDriver.Run(problem, path, threads);
        }
    }

    /// <summary>MultiplyBatched with an explicit kernel path and thread count.</summary>
    internal static unsafe void MultiplyBatched(GemmPath path, int threads, int batch, bool transA, bool transB,
        int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, long strideA, ReadOnlySpan<float> b, int ldb,
        long strideB, float beta, Span<float> c, int ldc, long strideC)
    {
        GemmArguments.Check(transA, transB, m, n, k, lda, ldb, ldc, a.Length, b.Length, c.Length, batch,
            strideA, strideB, strideC);
        if (batch == 0) return;
        fixed (float* pa = a, pb = b, pc = c)
        {
            var first = new GemmProblem(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            GemmDriver.RunBatched(first, batch, (nint)strideA, (nint)strideB, (nint)strideC, path, threads);
        }
    }
}
