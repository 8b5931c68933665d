using System.Runtime.CompilerServices;

namespace Heed.Tensors.Kernels;

/// <summary>
/// BLIS-style blocking around the micro-kernels: loop over NC-wide column blocks of C (packed B block in L3), KC-deep
/// slices of k, MC-tall row blocks (packed A block in L2), then NR-wide B panels (reused from L1/L2 by every MR-row
/// A panel of the block) and MR×NR tiles. Small problems stay on the calling thread; m ≤ 4 skips packing altogether.
/// </summary>
internal static unsafe class GemmDriver
{
    // Zen 5 here: 48 KiB L1d, 1 MiB L2 per core, 32 MiB shared L3 (lscpu). Measured (bench/README.md): a deep KC wins
    // over the textbook "B panel fits L1" (KC=256) because each k-slice re-reads and re-writes C, whose rows are
    // 4-8 KiB apart and collide in L1 sets; Zen 5's L2 feeds the 128 KiB B panel fast enough. MC*KC*4 = 448 KiB of
    // packed A stays in L2; KC*NC*4 = 8 MiB of packed B in L3 (the threaded path packs every k-slice: ≤ 32 MiB).
    internal static int Kc = 1024;
    internal static int McTarget = 112;
    internal static int Nc = 2048;

    /// <summary>
    /// Below this many flops (≈ 100 µs on one core) a call runs on the calling thread. Waking a pool thread costs
    /// microseconds on an idle machine but can cost milliseconds on a busy one, where 4 MFLOP attention-sized calls
    /// measured 2× slower on two threads than on one.
    /// </summary>
    internal static double ParallelFlopThreshold = 2e7;

    public static void Run(in GemmProblem p, GemmPath path, int threads)
    {
        if (p.M == 0 || p.N == 0) return;
        if (p.K == 0 || p.Alpha == 0)
        {
            ScaleC(p);
            return;
        }
        int workers = p.Flops < ParallelFlopThreshold ? 1 : threads;
        if (p.M <= GemmSkinny.MaxRows)
            RunSkinny(p, workers);
        else if (p.M <= NarrowMaxRows)
            RunNarrow(p, path, workers);
        else if (workers <= 1)
            Serial(p, path);
        else
            RunParallel(p, path, workers);
    }

    /// <summary>Few rows: no packing; with several workers each takes a stripe of columns.</summary>
    private static void RunSkinny(GemmProblem p, int workers)
    {
        if (workers <= 1)
        {
            GemmSkinny.Columns(p, 0, p.N);
            return;
        }
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
            GemmSkinny.Columns(p, (int)((long)p.N * w / workers), (int)((long)p.N * (w + 1) / workers)));
    }

    /// <summary>
    /// Up to this many rows of C take <see cref="RunNarrow"/>: all of op(A) packed once (≤ 256 × k floats, about L2) and
    /// B packed one panel at a time right before use. Measured on the models' m = 128 shapes (bench/README.md).
    /// </summary>
    internal static int NarrowMaxRows = 256;

    /// <summary>
    /// Few rows (a batch of decoder steps: [128 × 1792]·[1792 × 5969]): each element of B serves only 2m flops, so
    /// streaming B is what costs. Packing a whole B block first (as the blocked path does) writes megabytes that fall
    /// out of L2 before the kernels read them back; here each 32-column B panel is packed and at once multiplied by
    /// every row of the packed A, while it is still in L1/L2. Threads take panels from a shared counter (no column
    /// block is split by k between threads, so k-slices accumulate on one thread), each with its own packed A.
    /// </summary>
    private static void RunNarrow(GemmProblem p, GemmPath path, int workers)
    {
        var b = Blocking.For(path, p.K, p.N);
        if (workers <= 1)
        {
            NarrowPanels(p, path, b, null, null);
            return;
        }
        var next = new StrongBox<int>(0);
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => NarrowPanels(p, path, b, next, null));
    }

    /// <summary>
    /// C = alpha·op(A)·B + beta·C with B already packed (<paramref name="p"/>.B is unused): the narrow path without its
    /// B packing, over row chunks of at most <see cref="NarrowMaxRows"/> so packed A stays about L2-sized.
    /// </summary>
    public static void RunPrepacked(in GemmProblem p, GemmPackedB packed, int threads)
    {
        if (p.M == 0 || p.N == 0) return;
        if (p.K == 0 || p.Alpha == 0)
        {
            ScaleC(p);
            return;
        }
        var (mr, nr) = GemmMicroKernels.Shape(packed.Path);
        var b = new Blocking(mr, nr, Mc: mr, Kc: packed.Kc, Nc: nr);
        for (int i0 = 0; i0 < p.M; i0 += NarrowMaxRows)
        {
            int rows = Math.Min(NarrowMaxRows, p.M - i0);
            var chunk = new GemmProblem(p.TransA, false, rows, p.N, p.K, p.Alpha,
                p.TransA ? p.A + i0 : p.A + i0 * p.Lda, p.Lda, null, 0, p.Beta, p.C + i0 * p.Ldc, p.Ldc);
            int workers = chunk.Flops < ParallelFlopThreshold ? 1 : threads;
            if (workers <= 1)
            {
                NarrowPanels(chunk, packed.Path, b, null, packed);
                continue;
            }
            var next = new StrongBox<int>(0);
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers },
                _ => NarrowPanels(chunk, packed.Path, b, next, packed));
        }
    }

    /// <summary>Packs all of op(A), then computes B panels in turn: all of them, or those claimed from <paramref name="next"/>.</summary>
    /// <remarks>With <paramref name="prepacked"/>, B's panels are read from it instead of being packed here.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NarrowPanels(in GemmProblem p, GemmPath path, in Blocking b, StrongBox<int>? next, GemmPackedB? prepacked)
    {
        var scratch = GemmScratch.ForCurrentThread();
        int mPadded = RoundUp(p.M, b.Mr), panels = (p.N + b.Nr - 1) / b.Nr;
        float* packA = scratch.A(mPadded * p.K);
        float* packB = prepacked is null ? scratch.B(b.Nr * b.Kc) : null;
        // Slice s of packed A starts at pc * mPadded: every earlier slice is b.Kc deep.
        for (int pc = 0; pc < p.K; pc += b.Kc)
            GemmPacking.PackPanels(p.A, p.Lda, p.TransA, 0, p.M, pc, Math.Min(b.Kc, p.K - pc), b.Mr, packA + (nint)pc * mPadded);
        for (int q = next is null ? 0 : Interlocked.Increment(ref next.Value) - 1; q < panels;
             q = next is null ? q + 1 : Interlocked.Increment(ref next.Value) - 1)
        {
            int j = q * b.Nr, cols = Math.Min(b.Nr, p.N - j);
            for (int pc = 0; pc < p.K; pc += b.Kc)
            {
                int kc = Math.Min(b.Kc, p.K - pc);
                float* panel;
                if (prepacked is not null)
                    panel = prepacked.Start + prepacked.Panel(q) + (nint)pc * b.Nr;
                else
                {
                    // op(B)[p, j] is b[j*ldb + p] when transposed: lanes (columns j) are contiguous only without transB.
                    GemmPacking.PackPanels(p.B, p.Ldb, !p.TransB, j, cols, pc, kc, b.Nr, packB);
                    panel = packB;
                }
                MacroKernel(p, path, b, packA + (nint)pc * mPadded, panel, 0, p.M, j, cols, 0, 1, kc, pc);
            }
        }
    }

    /// <summary>
    /// All threads share one packed copy of a column block of B, every k-slice of it; the row blocks of C (times a
    /// few column groups when there are too few row blocks) are handed out dynamically, so a thread slowed down by
    /// other load on the machine simply takes fewer. B panels are packed lazily by whichever thread needs one first,
    /// so the only barrier is the end of the Parallel.For: on a busy machine every extra barrier costs a wake-up.
    /// </summary>
    private static void RunParallel(GemmProblem p, GemmPath path, int workers)
    {
        var b = Blocking.For(path, p.K, p.N);
        // Bound the packed block at 8 Mi floats (32 MiB) so a very deep k shrinks the column block instead.
        int ncAll = Math.Min(b.Nc, Math.Max(b.Nr, MaxSharedB / p.K / b.Nr * b.Nr));
        var caller = GemmScratch.ForCurrentThread();
        float* packB = caller.B(p.K * ncAll);
        long call = Interlocked.Increment(ref s_calls);
        var options = new ParallelOptions { MaxDegreeOfParallelism = workers };
        int rowBlocks = (p.M + b.Mc - 1) / b.Mc, slices = (p.K + b.Kc - 1) / b.Kc;

        for (int jc = 0; jc < p.N; jc += ncAll)
        {
            int nc = Math.Min(ncAll, p.N - jc), jcNow = jc;
            int panels = (nc + b.Nr - 1) / b.Nr;
            // Enough work items to rebalance, but each extra column group costs another packing of the A block.
            int groups = Math.Clamp((8 * workers + rowBlocks - 1) / rowBlocks, 1, panels);
            // And a multiple of the threads, so that no thread is left with a last item alone: n = 2048 has 19 row
            // blocks, one of which is ~5% of the product; a second group costs 19 more A packings (~1%, estimated from
            // 0.065 ms per 108 × 1024 block).
            while (rowBlocks * groups % workers != 0 && groups < panels) groups++;
            int[] panelState = caller.PanelStates(slices * panels);
            // Items go out one at a time from a shared counter, row block by row block: the threads' first items are
            // then different column groups of row block 0, so they pack disjoint B panels side by side. Parallel.For's
            // range partitioning had handed the second thread item rowBlocks·groups/2 (row block 5 of 10, group 0):
            // it waited (3.4 ms of a 36 ms n = 1024 product) on the panels the first thread was packing alone.
            int items = rowBlocks * groups;
            var next = new StrongBox<int>(0);
            void Item(int item)
            {
                int ic = item / groups * b.Mc, group = item % groups;
                int mc = Math.Min(b.Mc, p.M - ic);
                int firstPanel = panels * group / groups, endPanel = panels * (group + 1) / groups;
                var scratch = GemmScratch.ForCurrentThread();
                float* packA = scratch.A(b.Mc * b.Kc);
                for (int pc = 0, slice = 0; pc < p.K; pc += b.Kc, slice++)
                {
                    int kc = Math.Min(b.Kc, p.K - pc);
                    // Slice s of the packed block starts at pc * (panels * NR): earlier slices are all b.Kc deep.
                    float* sliceB = packB + (nint)pc * panels * b.Nr;
                    // First pack every panel no other thread has claimed, then wait for those being packed elsewhere:
                    // threads that need the same panels (one column group) pack disjoint ones side by side instead of
                    // queueing behind each other panel by panel.
                    for (int q = firstPanel; q < endPanel; q++)
                        TryPackPanel(p, b, panelState, slice * panels + q, jcNow + q * b.Nr,
                            Math.Min(b.Nr, nc - q * b.Nr), pc, kc, sliceB + (nint)q * b.Nr * kc);
                    for (int q = firstPanel; q < endPanel; q++) AwaitPanel(panelState, slice * panels + q);
                    // Consecutive items of one thread may share a row block (when the others are busy): pack its A once.
                    var key = (call, jcNow, pc, ic);
                    if (scratch.PackedA != key)
                    {
                        GemmPacking.PackPanels(p.A, p.Lda, p.TransA, ic, mc, pc, kc, b.Mr, packA);
                        scratch.PackedA = key;
                    }
                    MacroKernel(p, path, b, packA, sliceB, ic, mc, jcNow, nc, firstPanel, endPanel, kc, pc);
                }
            }
            Parallel.For(0, workers, options, _ =>
            {
                for (int item; (item = Interlocked.Increment(ref next.Value) - 1) < items;) Item(item);
            });
        }
    }

    private const int MaxSharedB = 8 << 20;

    /// <summary>Packs one B panel unless another thread has claimed it (0 = not packed, 1 = being packed, 2 = ready).</summary>
    private static void TryPackPanel(in GemmProblem p, in Blocking b, int[] state, int index, int j, int lanes,
        int pc, int kc, float* dst)
    {
        if (Volatile.Read(ref state[index]) != 0 || Interlocked.CompareExchange(ref state[index], 1, 0) != 0) return;
        // op(B)[p, j] is b[j*ldb + p] when transposed: lanes (columns j) are contiguous only without transB.
        GemmPacking.PackPanels(p.B, p.Ldb, !p.TransB, j, lanes, pc, kc, b.Nr, dst);
        Volatile.Write(ref state[index], 2);
    }

    /// <summary>Waits until another thread has finished packing a panel it claimed: a few microseconds of work.</summary>
    private static void AwaitPanel(int[] state, int index)
    {
        var spin = new SpinWait();
        while (Volatile.Read(ref state[index]) != 2) spin.SpinOnce();
    }

    private static long s_calls;

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

    /// <summary>Computes the whole of C on the calling thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loops: skip the slow first JIT tier
    public static void Serial(in GemmProblem p, GemmPath path)
    {
        var b = Blocking.For(path, p.K, p.N);
        var scratch = GemmScratch.ForCurrentThread();
        float* packA = scratch.A(b.Mc * b.Kc);
        float* packB = scratch.B(b.Kc * b.Nc);

        for (int jc = 0; jc < p.N; jc += b.Nc)
        {
            int nc = Math.Min(b.Nc, p.N - jc);
            int panels = (nc + b.Nr - 1) / b.Nr;
            for (int pc = 0; pc < p.K; pc += b.Kc)
            {
                int kc = Math.Min(b.Kc, p.K - pc);
                // op(B)[p, j] is b[j*ldb + p] when transposed: lanes (columns j) are contiguous only without transB.
                GemmPacking.PackPanels(p.B, p.Ldb, !p.TransB, jc, nc, pc, kc, b.Nr, packB);
                for (int ic = 0; ic < p.M; ic += b.Mc)
                {
                    int mc = Math.Min(b.Mc, p.M - ic);
                    GemmPacking.PackPanels(p.A, p.Lda, p.TransA, ic, mc, pc, kc, b.Mr, packA);
                    MacroKernel(p, path, b, packA, packB, ic, mc, jc, nc, 0, panels, kc, pc);
                }
            }
        }
    }

    /// <summary>
    /// Multiplies one packed A block (rows [ic, ic+mc)) by packed B panels [firstPanel, endPanel) of the column block
    /// starting at jc, tile by tile; each B panel stays in cache while all the A panels of the block stream past it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MacroKernel(in GemmProblem p, GemmPath path, in Blocking b, float* packA, float* packB,
        int ic, int mc, int jc, int nc, int firstPanel, int endPanel, int kc, int pc)
    {
        // Later k-slices accumulate onto what the first one wrote.
        float beta = pc == 0 ? p.Beta : 1f;
        float* edge = stackalloc float[b.Mr * b.Nr];
        for (int q = firstPanel; q < endPanel; q++)
        {
            int jr = q * b.Nr;
            float* bPanel = packB + (nint)jr * kc;
            int cols = Math.Min(b.Nr, nc - jr);
            for (int ir = 0; ir < mc; ir += b.Mr)
            {
                float* aPanel = packA + (nint)ir * kc;
                float* cTile = p.C + (ic + ir) * p.Ldc + jc + jr;
                int rows = Math.Min(b.Mr, mc - ir);
                if (rows == b.Mr && cols == b.Nr)
                    GemmMicroKernels.Run(path, kc, aPanel, bPanel, cTile, p.Ldc, p.Alpha, beta);
                else
                    EdgeTile(path, kc, aPanel, bPanel, cTile, p.Ldc, rows, cols, p.Alpha, beta, edge, b.Mr, b.Nr);
            }
        }
    }

    /// <summary>A partial tile at the bottom/right edge: run the full kernel into a scratch tile, then merge the valid part.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EdgeTile(GemmPath path, int kc, float* a, float* b, float* c, nint ldc, int rows, int cols,
        float alpha, float beta, float* tile, int mr, int nr)
    {
        if (!GemmMicroKernels.RunFewRows(path, rows, kc, a, b, tile, nr, alpha, 0f))
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
    private static void ScaleC(in GemmProblem p)
    {
        for (int i = 0; i < p.M; i++)
        {
            var row = new Span<float>(p.C + i * p.Ldc, p.N);
            if (p.Beta == 0) row.Clear();
            else System.Numerics.Tensors.TensorPrimitives.Multiply(row, p.Beta, row);
        }
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;

    /// <summary>Tile and block sizes for one call: the kernel's MR×NR and the cache blocks, clipped to the problem.</summary>
    private readonly record struct Blocking(int Mr, int Nr, int Mc, int Kc, int Nc)
    {
        public static Blocking For(GemmPath path, int k, int n)
        {
            var (mr, nr) = GemmMicroKernels.Shape(path);
            return new Blocking(mr, nr,
                Mc: Math.Max(mr, McTarget / mr * mr),
                Kc: Math.Min(GemmDriver.Kc, k),
                Nc: Math.Min(Math.Max(nr, GemmDriver.Nc / nr * nr), RoundUp(n, nr)));
        }
    }
}
