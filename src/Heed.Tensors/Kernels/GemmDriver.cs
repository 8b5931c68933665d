namespace Heed.Tensors.Kernels;

/// <summary>One validated GEMM call, as raw pointers so it can be handed to worker threads.</summary>
internal readonly unsafe struct GemmProblem(
    bool transA, bool transB, int m, int n, int k, float alpha,
    float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc)
{
    public readonly bool TransA = transA, TransB = transB;
    public readonly int M = m, N = n, K = k;
    public readonly float Alpha = alpha, Beta = beta;
    public readonly float* A = a, B = b, C = c;
    public readonly nint Lda = lda, Ldb = ldb, Ldc = ldc;

    public double Flops => 2.0 * M * N * K;
}

/// <summary>
/// BLIS-style blocking around the micro-kernels: loop over NC-wide column blocks of C (packed B block in L3), KC-deep
/// slices of k (one packed KC×NR B panel stays in L1 while it is reused), MC-tall row blocks (packed A block in L2),
/// then MR×NR tiles. Threads each take a disjoint stripe of C and pack their own panels, so no barriers are needed.
/// </summary>
internal static unsafe class GemmDriver
{
    // Zen 5 here: 48 KiB L1d, 1 MiB L2 per core, 32 MiB shared L3 (lscpu). KC*NR*4 = 32 KiB of B per panel in L1;
    // MC*KC*4 ≈ 168 KiB of packed A sits comfortably in L2 next to streamed C and B.
    internal static int Kc = 256;
    internal static int McTarget = 168;
    internal static int Nc = 4096;

    /// <summary>Below this many flops a call runs on the calling thread: a thread hand-off costs more than it saves.</summary>
    internal const double ParallelFlopThreshold = 4e6;

    public static void Run(in GemmProblem p, GemmPath path, int threads)
    {
        if (p.M == 0 || p.N == 0) return;
        if (p.K == 0 || p.Alpha == 0)
        {
            ScaleC(p, 0, p.M, 0, p.N);
            return;
        }
        int workers = (int)Math.Min(threads, Math.Max(1, p.Flops / ParallelFlopThreshold));
        if (workers <= 1)
        {
            Serial(p, path, 0, p.M, 0, p.N);
            return;
        }
        RunParallel(p, path, workers);
    }

    private static void RunParallel(GemmProblem p, GemmPath path, int workers)
    {
        var (mr, nr) = GemmMicroKernels.Shape(path);
        // Split the longer side of C into stripes that are whole tiles, so no tile straddles two threads.
        bool splitN = (long)p.N * mr >= (long)p.M * nr;
        int extent = splitN ? p.N : p.M, unit = splitN ? nr : mr;
        int units = (extent + unit - 1) / unit;
        workers = Math.Min(workers, units);
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            int from = Math.Min(extent, (int)((long)units * w / workers) * unit);
            int to = Math.Min(extent, (int)((long)units * (w + 1) / workers) * unit);
            if (from >= to) return;
            if (splitN) Serial(p, path, 0, p.M, from, to);
            else Serial(p, path, from, to, 0, p.N);
        });
    }

    /// <summary>
    /// Runs <paramref name="batch"/> problems laid out at fixed strides from <paramref name="first"/>. Small matrices go
    /// to the threads whole (one hand-off for many matrices); large ones each use all threads in turn.
    /// </summary>
    public static void RunBatched(GemmProblem first, int batch, nint strideA, nint strideB, nint strideC,
        GemmPath path, int threads)
    {
        int workers = Math.Min(threads, batch);
        if (workers <= 1 || first.Flops >= ParallelFlopThreshold || first.Flops * batch < ParallelFlopThreshold)
        {
            for (int i = 0; i < batch; i++) Run(At(first, i, strideA, strideB, strideC), path, threads);
            return;
        }
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            int from = (int)((long)batch * w / workers), to = (int)((long)batch * (w + 1) / workers);
            for (int i = from; i < to; i++) Run(At(first, i, strideA, strideB, strideC), path, threads: 1);
        });
    }

    private static GemmProblem At(in GemmProblem p, int i, nint strideA, nint strideB, nint strideC) =>
        new(p.TransA, p.TransB, p.M, p.N, p.K, p.Alpha, p.A + i * strideA, p.Lda, p.B + i * strideB, p.Ldb,
            p.Beta, p.C + i * strideC, p.Ldc);

    /// <summary>Computes rows [i0, i1) × columns [j0, j1) of C on the calling thread.</summary>
    public static void Serial(in GemmProblem p, GemmPath path, int i0, int i1, int j0, int j1)
    {
        var (mr, nr) = GemmMicroKernels.Shape(path);
        int mcMax = Math.Max(mr, McTarget / mr * mr);
        int kcMax = Math.Min(Kc, p.K);
        int ncMax = Math.Min(Math.Max(nr, Nc / nr * nr), RoundUp(j1 - j0, nr));
        var scratch = GemmScratch.ForCurrentThread();
        float* packA = scratch.A(mcMax * kcMax);
        float* packB = scratch.B(kcMax * ncMax);
        float* edge = stackalloc float[mr * nr];

        for (int jc = j0; jc < j1; jc += ncMax)
        {
            int nc = Math.Min(ncMax, j1 - jc);
            for (int pc = 0; pc < p.K; pc += kcMax)
            {
                int kc = Math.Min(kcMax, p.K - pc);
                // op(B)[p, j] is b[j*ldb + p] when transposed: lanes (columns j) are contiguous only without transB.
                GemmPacking.PackPanels(p.B, p.Ldb, !p.TransB, jc, nc, pc, kc, nr, packB);
                // Later k-slices accumulate onto what the first one wrote.
                float beta = pc == 0 ? p.Beta : 1f;
                for (int ic = i0; ic < i1; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, i1 - ic);
                    GemmPacking.PackPanels(p.A, p.Lda, p.TransA, ic, mc, pc, kc, mr, packA);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        float* bPanel = packB + (nint)jr * kc;
                        int cols = Math.Min(nr, nc - jr);
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            float* aPanel = packA + (nint)ir * kc;
                            float* cTile = p.C + (ic + ir) * p.Ldc + jc + jr;
                            int rows = Math.Min(mr, mc - ir);
                            if (rows == mr && cols == nr)
                                GemmMicroKernels.Run(path, kc, aPanel, bPanel, cTile, p.Ldc, p.Alpha, beta);
                            else
                                EdgeTile(path, kc, aPanel, bPanel, cTile, p.Ldc, rows, cols, p.Alpha, beta, edge, mr, nr);
                        }
                    }
                }
            }
        }
    }

    /// <summary>A partial tile at the bottom/right edge: run the full kernel into a scratch tile, then merge the valid part.</summary>
    private static void EdgeTile(GemmPath path, int kc, float* a, float* b, float* c, nint ldc, int rows, int cols,
        float alpha, float beta, float* tile, int mr, int nr)
    {
        GemmMicroKernels.Run(path, kc, a, b, tile, nr, alpha, 0f);
        for (int i = 0; i < rows; i++)
        {
            var src = new ReadOnlySpan<float>(tile + i * nr, cols);
            var dst = new Span<float>(c + i * ldc, cols);
            if (beta == 0) src.CopyTo(dst);
            else System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(dst, beta, src, dst);
        }
    }

    /// <summary>C = beta * C for the degenerate cases where op(A)·op(B) contributes nothing (k == 0 or alpha == 0).</summary>
    private static void ScaleC(in GemmProblem p, int i0, int i1, int j0, int j1)
    {
        for (int i = i0; i < i1; i++)
        {
            var row = new Span<float>(p.C + i * p.Ldc + j0, j1 - j0);
            if (p.Beta == 0) row.Clear();
            else System.Numerics.Tensors.TensorPrimitives.Multiply(row, p.Beta, row);
        }
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;
}
