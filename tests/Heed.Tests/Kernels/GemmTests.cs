using Heed.Tensors.Kernels;

namespace Heed.Tests.Kernels;

/// <summary>
/// Every expected value comes from <see cref="Gemm.Reference"/>, the naive triple loop accumulating in double.
/// Tolerances allow for float accumulation over k terms of magnitude ≤ 1.
/// </summary>
[Collection(SerialCollection.Name)] // some tests retune GEMM's block sizes, which would change other tests' bits
public class GemmTests
{
    private static readonly GemmPath[] Paths = Enum.GetValues<GemmPath>();
    private static readonly int[] ThreadCounts = [1, 2];

    // Awkward sizes around the tile shapes (MR 4/6/14, NR 4/16/32) and above MC (several row blocks); m ≤ 4 takes
    // the unpacked skinny path, m ≤ 256 the narrow one (unless a test turns it off to reach the blocked paths).
    // (130,300,260) is above the default threshold, so two threads really split it.
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (3, 17, 31), (17, 33, 3), (33, 31, 129), (129, 33, 17), (31, 129, 33),
        (1, 129, 1), (129, 1, 33), (5, 40, 9), (200, 70, 300), (4, 1000, 600), (130, 300, 260),
    ];

    [Fact]
    public void Multiply_MatchesReference_AllShapesAndTransposes()
    {
        var random = new Random(7);
        foreach (var (m, n, k) in Shapes)
            foreach (bool transA in new[] { false, true })
                foreach (bool transB in new[] { false, true })
                    CheckAgainstReference(random, transA, transB, m, n, k, alpha: 1, beta: 0, pad: 0);
    }

    [Fact]
    public void Multiply_AlphaBetaAndPaddedLeadingDimensions()
    {
        var random = new Random(11);
        foreach (var (alpha, beta) in new[] { (0.5f, 2f), (-1.5f, 1f), (2f, -0.25f), (0f, 0.5f) })
            foreach (bool transA in new[] { false, true })
                foreach (bool transB in new[] { false, true })
                {
                    CheckAgainstReference(random, transA, transB, 33, 47, 19, alpha, beta, pad: 5);
                    CheckAgainstReference(random, transA, transB, 3, 47, 19, alpha, beta, pad: 2);
                    CheckAgainstReference(random, transA, transB, 70, 40, 270, alpha, beta, pad: 3);
                }
    }

    [Fact]
    public void Multiply_BetaZero_IgnoresNaNInC()
    {
        foreach (var path in Paths)
        {
            float[] a = RandomFill(new Random(3), 17 * 9), b = RandomFill(new Random(4), 9 * 31);
            float[] c = Enumerable.Repeat(float.NaN, 17 * 31).ToArray();
            float[] expected = new float[17 * 31];
            Gemm.Reference(false, false, 17, 31, 9, 1f, a, 9, b, 31, 0f, expected, 31);
            Gemm.Multiply(path, 1, false, false, 17, 31, 9, 1f, a, 9, b, 31, 0f, c, 31);
            AssertClose(expected, c, 1e-4f, $"{path}");
        }
    }

    [Fact]
    public void Multiply_ZeroK_ScalesC()
    {
        // With k = 0 the product is empty, so C = beta * C (by hand: 2 * 3 = 6), and with beta = 0 C is cleared.
        float[] c = [3f, 3f, 3f, 3f];
        Gemm.Multiply(false, false, 2, 2, 0, 1f, [], 1, [], 2, 2f, c, 2);
        Assert.Equal([6f, 6f, 6f, 6f], c);
        float[] nan = [float.NaN, float.NaN];
        Gemm.Multiply(false, false, 1, 2, 0, 1f, [], 1, [], 2, 0f, nan, 2);
        Assert.Equal([0f, 0f], nan);
    }

    [Fact]
    public void Multiply_SmallBlocksAndForcedThreading_StillMatchReference()
    {
        // Tiny cache blocks force what the defaults (KC=1024, MC=112, NC=2048) reach only on big problems: several
        // k-slices accumulating onto C, several row blocks and several column blocks; a zero threshold sends even
        // these small shapes (and the m ≤ 4 path) through the threaded code.
        WithDriverSettings(kc: 40, mc: 20, nc: 64, parallelFlops: 0, () =>
        {
            var random = new Random(5);
            foreach (bool transA in new[] { false, true })
                foreach (bool transB in new[] { false, true })
                {
                    CheckAgainstReference(random, transA, transB, 70, 150, 97, alpha: 1.5f, beta: 0.5f, pad: 1);
                    CheckAgainstReference(random, transA, transB, 3, 100, 50, alpha: 1f, beta: 0f, pad: 0);
                }
        });
    }

    [Fact]
    public void Multiply_BlockedPaths_MatchReference()
    {
        // With the narrow path off, every shape above 4 rows goes through the blocked serial or threaded driver, with
        // the default blocks and with tiny ones (several k-slices, row blocks and column blocks).
        foreach (var (kc, mc, nc, flops) in new[] { (GemmDriver.Kc, GemmDriver.McTarget, GemmDriver.Nc, GemmDriver.ParallelFlopThreshold), (40, 20, 64, 0.0) })
            WithDriverSettings(kc, mc, nc, flops, () =>
            {
                var random = new Random(17);
                foreach (var (m, n, k) in Shapes)
                    foreach (bool transA in new[] { false, true })
                        foreach (bool transB in new[] { false, true })
                            CheckAgainstReference(random, transA, transB, m, n, k, alpha: 1.5f, beta: 0.5f, pad: 1);
            }, narrowMaxRows: GemmSkinny.MaxRows);
    }

    [Fact]
    public void Multiply_NarrowPath_SeveralSlicesAndThreads_MatchReference()
    {
        // m between 5 and 256 takes the narrow path; KC = 40 splits k = 97 into three slices accumulating onto C, and a
        // zero threshold makes two threads claim panels (n = 150: four full 32-column panels and a ragged one).
        WithDriverSettings(kc: 40, mc: GemmDriver.McTarget, nc: GemmDriver.Nc, parallelFlops: 0, () =>
        {
            var random = new Random(19);
            foreach (int m in new[] { 5, 14, 15, 128, 256 })
                foreach (bool transA in new[] { false, true })
                    foreach (bool transB in new[] { false, true })
                        CheckAgainstReference(random, transA, transB, m, 150, 97, alpha: -0.5f, beta: 2f, pad: 2);
        });
    }

    [Fact]
    public void MultiplyPacked_MatchesReference_PathsSlicesThreadsAndRowChunks()
    {
        // KC = 40 splits k = 97 into three slices; NarrowMaxRows = 16 cuts m = 37 into three row chunks; a zero
        // threshold makes two threads claim panels. The packed B is made once and reused for every m, as in decoding.
        WithDriverSettings(kc: 40, mc: GemmDriver.McTarget, nc: GemmDriver.Nc, parallelFlops: 0, narrowMaxRows: 16, body: () =>
        {
            var random = new Random(23);
            const int n = 150, k = 97, pad = 2;
            foreach (bool transB in new[] { false, true })
            {
                int ldb = (transB ? k : n) + pad;
                float[] b = Padded(random, transB ? n : k, transB ? k : n, ldb);
                foreach (var path in Paths)
                {
                    var packed = Gemm.PackB(path, transB, k, n, b, ldb);
                    foreach (int m in new[] { 1, 3, 5, 14, 37 })
                        foreach (bool transA in new[] { false, true })
                            foreach (int threads in ThreadCounts)
                            {
                                int lda = (transA ? m : k) + pad, ldc = n + pad;
                                float[] a = Padded(random, transA ? k : m, transA ? m : k, lda);
                                float[] c = Padded(random, m, n, ldc), expected = (float[])c.Clone();
                                Gemm.Reference(transA, transB, m, n, k, -0.5f, a, lda, b, ldb, 2f, expected, ldc);
                                Gemm.MultiplyPacked(threads, transA, m, -0.5f, a, lda, packed, 2f, c, ldc);
                                AssertClose(expected, c, 1e-5f * (k + 1) + 2e-5f,
                                    $"{path} threads={threads} transA={transA} transB={transB} m={m}");
                            }
                }
            }
        });
    }

    [Fact]
    public void MultiplyPacked_IsASnapshot_AndChecksShapes()
    {
        float[] b = [1, 2, 3, 4]; // [2, 2]
        var packed = Gemm.PackB(false, 2, 2, b, 2);
        b[0] = 100; // later writes to B must not reach the packed copy
        float[] a = [1, 0, 0, 1], c = new float[4];
        Gemm.MultiplyPacked(false, 2, 1f, a, 2, packed, 0f, c, 2);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, c); // identity · B as packed, by hand
        AssertThrows("ldc", () => Gemm.MultiplyPacked(false, 2, 1f, a, 2, packed, 0f, c, 1));
        AssertThrows("holds 3 floats", () => Gemm.MultiplyPacked(false, 2, 1f, a.AsSpan(0, 3), 2, packed, 0f, c, 2));
        AssertThrows("ldb", () => Gemm.PackB(true, 3, 2, b, 2));
    }

    [Theory]
    [InlineData(7, 9, 13, 11, 1)] // small matrices: the batch is split over threads
    [InlineData(7, 9, 13, 11, 2)]
    [InlineData(2, 150, 130, 140, 2)] // large matrices: each one is split over threads
    public void MultiplyBatched_MatchesReferencePerMatrix(int batch, int m, int n, int k, int threads)
    {
        // With the threshold at 10^4 flops, 9x13x11 matrices (2574 flops) are "small" and 150x130x140 ones "large".
        WithDriverSettings(GemmDriver.Kc, GemmDriver.McTarget, GemmDriver.Nc, parallelFlops: 1e4, () =>
        {
            var random = new Random(13);
            foreach (bool transA in new[] { false, true })
                foreach (bool transB in new[] { false, true })
                {
                    int lda = (transA ? m : k) + 1, ldb = transB ? k : n, ldc = n + 2;
                    long strideA = (long)lda * (transA ? k : m) + 3, strideB = (long)ldb * (transB ? n : k), strideC = (long)ldc * m;
                    float[] a = RandomFill(random, (int)(strideA * batch)), b = RandomFill(random, (int)(strideB * batch));
                    float[] c = RandomFill(random, (int)(strideC * batch)), expected = (float[])c.Clone();
                    for (int i = 0; i < batch; i++)
                        Gemm.Reference(transA, transB, m, n, k, 0.75f, a.AsSpan((int)(i * strideA)), lda,
                            b.AsSpan((int)(i * strideB)), ldb, 0.5f, expected.AsSpan((int)(i * strideC)), ldc);
                    Gemm.MultiplyBatched(GemmMicroKernels.Best, threads, batch, transA, transB, m, n, k, 0.75f,
                        a, lda, strideA, b, ldb, strideB, 0.5f, c, ldc, strideC);
                    AssertClose(expected, c, 1e-5f * (k + 1), $"batch={batch} transA={transA} transB={transB}");
                }
        });
    }

    /// <summary>
    /// Runs <paramref name="body"/> with other blocking and threading settings, restoring them after. They are
    /// process-wide, but any setting gives correct results, so other tests running meanwhile are only slowed.
    /// </summary>
    private static void WithDriverSettings(int kc, int mc, int nc, double parallelFlops, Action body, int? narrowMaxRows = null)
    {
        var saved = (GemmDriver.Kc, GemmDriver.McTarget, GemmDriver.Nc, GemmDriver.ParallelFlopThreshold, GemmDriver.NarrowMaxRows);
        try
        {
            (GemmDriver.Kc, GemmDriver.McTarget, GemmDriver.Nc, GemmDriver.ParallelFlopThreshold) = (kc, mc, nc, parallelFlops);
            GemmDriver.NarrowMaxRows = narrowMaxRows ?? GemmDriver.NarrowMaxRows;
            body();
        }
        finally
        {
            (GemmDriver.Kc, GemmDriver.McTarget, GemmDriver.Nc, GemmDriver.ParallelFlopThreshold, GemmDriver.NarrowMaxRows) = saved;
        }
    }

    [Fact]
    public void MultiplyBatched_StrideZeroReusesOneB()
    {
        // One B shared by every matrix of the batch (stride 0), as when one weight multiplies many inputs.
        var random = new Random(17);
        const int batch = 4, m = 5, n = 6, k = 7;
        float[] a = RandomFill(random, batch * m * k), b = RandomFill(random, k * n);
        float[] c = new float[batch * m * n], expected = new float[batch * m * n];
        for (int i = 0; i < batch; i++)
            Gemm.Reference(false, false, m, n, k, 1f, a.AsSpan(i * m * k), k, b, n, 0f, expected.AsSpan(i * m * n), n);
        Gemm.MultiplyBatched(batch, false, false, m, n, k, 1f, a, k, m * k, b, n, 0, 0f, c, n, m * n);
        AssertClose(expected, c, 1e-5f * (k + 1), "stride 0");
    }

    [Fact]
    public void Multiply_BadArguments_NameTheValues()
    {
        float[] buf = new float[100];
        AssertThrows("m=-1", () => Gemm.Multiply(false, false, -1, 2, 2, 1f, buf, 2, buf, 2, 0f, buf, 2));
        AssertThrows("lda=3", () => Gemm.Multiply(false, false, 2, 2, 4, 1f, buf, 3, buf, 2, 0f, buf, 2));
        AssertThrows("lda=2", () => Gemm.Multiply(true, false, 3, 2, 2, 1f, buf, 2, buf, 2, 0f, buf, 2));
        AssertThrows("ldb=1", () => Gemm.Multiply(false, true, 2, 2, 2, 1f, buf, 2, buf, 1, 0f, buf, 2));
        AssertThrows("ldc=1", () => Gemm.Multiply(false, false, 2, 2, 2, 1f, buf, 2, buf, 2, 0f, buf, 1));
        // A is 10x10 with lda 10: 100 floats needed, 99 given.
        AssertThrows("needs 100", () => Gemm.Multiply(false, false, 10, 1, 10, 1f, new float[99], 10, buf, 1, 0f, buf, 1));
        AssertThrows("batch=-2", () => Gemm.MultiplyBatched(-2, false, false, 2, 2, 2, 1f, buf, 2, 4, buf, 2, 4, 0f, buf, 2, 4));
        AssertThrows("strideA=-4", () => Gemm.MultiplyBatched(2, false, false, 2, 2, 2, 1f, buf, 2, -4, buf, 2, 4, 0f, buf, 2, 4));
        AssertThrows("strideC=3", () => Gemm.MultiplyBatched(2, false, false, 2, 2, 2, 1f, buf, 2, 4, buf, 2, 4, 0f, buf, 2, 3));
        // 30 matrices of 4 floats at stride 4 need 120 floats; C holds 100.
        AssertThrows("needs 120", () => Gemm.MultiplyBatched(30, false, false, 2, 2, 2, 1f, new float[200], 2, 4, new float[200], 2, 4, 0f, buf, 2, 4));
    }

    private static void AssertThrows(string fragment, Action call)
    {
        var ex = Assert.Throws<ArgumentException>(call);
        Assert.Contains(fragment, ex.Message);
    }

    /// <summary>Checks every kernel path with one and two threads against one Reference result.</summary>
    private static void CheckAgainstReference(Random random, bool transA, bool transB,
        int m, int n, int k, float alpha, float beta, int pad)
    {
        int aRows = transA ? k : m, aCols = transA ? m : k, bRows = transB ? n : k, bCols = transB ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        // Padding is NaN: a kernel that reads past a row's end poisons its result.
        float[] a = Padded(random, aRows, aCols, lda), b = Padded(random, bRows, bCols, ldb);
        float[] c0 = Padded(random, m, n, ldc), expected = (float[])c0.Clone();
        Gemm.Reference(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);
        foreach (var path in Paths)
            foreach (int threads in ThreadCounts)
            {
                float[] c = (float[])c0.Clone();
                Gemm.Multiply(path, threads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
                AssertClose(expected, c, 1e-5f * (k + 1) * Math.Max(1, Math.Abs(alpha)) + 1e-5f * Math.Abs(beta),
                    $"{path} threads={threads} transA={transA} transB={transB} m={m} n={n} k={k} alpha={alpha} beta={beta} pad={pad}");
            }
    }

    private static float[] Padded(Random random, int rows, int cols, int ld)
    {
        var data = new float[Math.Max(1, rows * ld)];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < ld; j++)
                data[i * ld + j] = j < cols ? (float)(random.NextDouble() * 2 - 1) : float.NaN;
        return data;
    }

    private static float[] RandomFill(Random random, int length)
    {
        var data = new float[length];
        for (int i = 0; i < length; i++) data[i] = (float)(random.NextDouble() * 2 - 1);
        return data;
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance, string context)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            bool same = float.IsNaN(expected[i])
                ? float.IsNaN(actual[i])
                : Math.Abs(expected[i] - actual[i]) <= tolerance;
            Assert.True(same, $"{context}: element {i} expected {expected[i]} got {actual[i]}");
        }
    }
}
