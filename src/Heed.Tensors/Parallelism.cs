namespace Heed.Tensors;

/// <summary>
/// How many cores the engine's kernels may use: a process-wide setting (like torch.set_num_threads), which a
/// <see cref="Use"/> scope overrides for the code it runs (and the tasks that code starts), so two trainings in one
/// process — tests running side by side — each keep their own thread count and hence their exact results.
/// </summary>
public static class Parallelism
{
    private static int _threads = Environment.ProcessorCount;
    private static readonly AsyncLocal<int> Scoped = new();

    /// <summary>Number of worker threads kernels may split work over (≥ 1). Defaults to the processor count.</summary>
    public static int Threads
    {
        get => Scoped.Value > 0 ? Scoped.Value : _threads;
        set => _threads = Check(value);
    }

    /// <summary>Uses <paramref name="threads"/> for this flow of execution until the returned handle is disposed.</summary>
    public static IDisposable Use(int threads)
    {
        int previous = Scoped.Value;
        Scoped.Value = Check(threads);
        return new Restore(previous);
    }

    private static int Check(int value) => value >= 1
        ? value
        : throw new ArgumentOutOfRangeException(nameof(value), value, "Parallelism.Threads must be at least 1.");

    private sealed class Restore(int previous) : IDisposable
    {
        public void Dispose() => Scoped.Value = previous;
    }

    /// <summary>Number of ranges <see cref="ForRanges"/> splits <paramref name="count"/> items into: min(Threads, count), at least 1.</summary>
    public static int RangeCount(int count) => Math.Max(1, Math.Min(Threads, count));

    /// <summary>
    /// Splits [0, <paramref name="count"/>) into <see cref="RangeCount"/> contiguous ranges and runs
    /// <paramref name="range"/>(start, end, part) for each, concurrently when there are several. The split depends
    /// only on the count and <see cref="Threads"/>, so per-part partial sums repeat exactly for the same settings.
    /// </summary>
    public static void ForRanges(int count, Action<int, int, int> range)
    {
        int parts = RangeCount(count);
        if (parts <= 1) { range(0, count, 0); return; }
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts },
            part => range((int)((long)part * count / parts), (int)((long)(part + 1) * count / parts), part));
    }

    /// <summary>
    /// Runs <paramref name="body"/>(first) … body(end − 1) concurrently, at most one per thread, and waits for all.
    /// If parts fail, the exception of the lowest-numbered failed part is rethrown as itself (not wrapped in an
    /// <see cref="AggregateException"/>): a caller sees the exception one part alone would have thrown, and the same
    /// one however the threads were scheduled — two parts can fail at the same moment (every replica of a training
    /// step meets the same bad batch), so "the first to fail" would not be repeatable. Every part runs to its end;
    /// parts are coarse (data-parallel replicas, whole batches), so stopping early would save little.
    /// </summary>
    public static void RunParts(int first, int end, Action<int> body)
    {
        if (end - first <= 1)
        {
            for (int i = first; i < end; i++) body(i);
            return;
        }
        var failures = new Exception?[end - first];
        Parallel.For(first, end, new ParallelOptions { MaxDegreeOfParallelism = end - first }, i =>
        {
            try { body(i); }
            catch (Exception e) { failures[i - first] = e; }
        });
        foreach (var failure in failures)
            if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    /// <summary>
    /// Elements of work (rows × row length) from which <see cref="ForRangesIfLarge"/> splits rows over threads: about
    /// 0.1 ms of element-wise work, below which waking a second thread costs more than it saves.
    /// </summary>
    public const long ParallelElements = 1 << 16;

    /// <summary>
    /// <see cref="ForRanges"/> when <paramref name="elements"/> ≥ <see cref="ParallelElements"/>, else one call
    /// range(0, count, 0) on the calling thread. Kernels that compute each row alone (no cross-row sums) give
    /// bit-identical results for any thread count.
    /// </summary>
    public static void ForRangesIfLarge(int count, long elements, Action<int, int, int> range)
    {
        if (elements >= ParallelElements) ForRanges(count, range);
        else range(0, count, 0);
    }
}
