namespace Heed.Tensors.Kernels;

public static partial class Gemm
{
    /// <summary>
    /// Packs op(B) ([k, n]; stored as [n, k] with row stride <paramref name="ldb"/> when <paramref name="transB"/>, else
    /// [k, n]) once for repeated <see cref="MultiplyPacked(bool, int, float, ReadOnlySpan{float}, int, GemmPackedB, float, Span{float}, int)"/> calls. The result is a snapshot of B.
    /// </summary>
    /// <exception cref="ArgumentException">A size is negative, <paramref name="ldb"/> is smaller than a stored row, or
    /// <paramref name="b"/> is too short; the message names the values.</exception>
    public static GemmPackedB PackB(bool transB, int k, int n, ReadOnlySpan<float> b, int ldb) =>
        PackB(GemmMicroKernels.Best, transB, k, n, b, ldb);

    /// <summary>PackB for an explicit kernel path, so tests can exercise every fallback.</summary>
    internal static GemmPackedB PackB(GemmPath path, bool transB, int k, int n, ReadOnlySpan<float> b, int ldb)
    {
        GemmArguments.Check(false, transB, 0, n, k, Math.Max(1, k), ldb, Math.Max(1, n), 0, b.Length, 0, batch: 1, 0, 0, 0);
        return new GemmPackedB(path, Math.Min(GemmDriver.Kc, Math.Max(1, k)), transB, k, n, b, ldb);
    }

    /// <summary>
    /// <c>C = alpha * op(A) * B + beta * C</c> with B packed by <see cref="PackB(bool, int, int, ReadOnlySpan{float}, int)"/>
    /// (so n and k are the packed matrix's); the same numbers as <see cref="Multiply(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>
    /// up to float summation order, without packing B again.
    /// </summary>
    /// <param name="transA">Whether A is stored transposed, as [k, m].</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="alpha">Scale of the product op(A)·B.</param>
    /// <param name="a">A, row-major with row stride <paramref name="lda"/>.</param>
    /// <param name="lda">Row stride of A as stored: ≥ m when <paramref name="transA"/>, else ≥ k.</param>
    /// <param name="b">B, packed by PackB; it gives n and k.</param>
    /// <param name="beta">Scale of the old C added to the product; 0 overwrites C without reading it.</param>
    /// <param name="c">C, [m, n] row-major with row stride <paramref name="ldc"/>; the result is written here.</param>
    /// <param name="ldc">Row stride of C: ≥ n.</param>
    /// <exception cref="ArgumentException">As for Multiply; the message names the offending values.</exception>
    public static void MultiplyPacked(bool transA, int m, float alpha, ReadOnlySpan<float> a, int lda, GemmPackedB b,
        float beta, Span<float> c, int ldc) =>
        MultiplyPacked(Parallelism.Threads, transA, m, alpha, a, lda, b, beta, c, ldc);

    /// <summary>MultiplyPacked with an explicit thread count.</summary>
    internal static unsafe void MultiplyPacked(int threads, bool transA, int m, float alpha, ReadOnlySpan<float> a,
        int lda, GemmPackedB b, float beta, Span<float> c, int ldc)
    {
        ArgumentNullException.ThrowIfNull(b);
        int n = b.N, k = b.K;
        GemmArguments.Check(transA, false, m, n, k, lda, Math.Max(1, n), ldc, a.Length, int.MaxValue, c.Length, batch: 1, 0, 0, 0);
        fixed (float* pa = a, pc = c)
        {
            var problem = new GemmProblem(transA, false, m, n, k, alpha, pa, lda, null, 0, beta, pc, ldc);
            GemmDriver.RunPrepacked(problem, b, threads);
        }
        GC.KeepAlive(b); // its finalizer frees the panels the kernels have just read

    }
}
