using System.Numerics;

namespace Heed.Tensors.Memory;

/// <summary>
/// Recycles <see cref="AlignedBuffer"/>s by size class, so a training step that repeats the previous step's shapes
/// allocates no new large arrays. Size classes are spaced four to an octave (at most 25% slack); a request may be
/// served from a free buffer up to two classes larger.
/// </summary>
internal static class BufferPool
{
    private const int MinimumCapacity = 16;
    private const int LargerClassesTried = 2;
    private static readonly object Gate = new();
    private static readonly Dictionary<int, Stack<AlignedBuffer>> Free = new();
    private static long _allocatedFloats;
    private static long _epoch;

    /// <summary>
    /// Outermost scopes (training steps, decoded batches) a free buffer may sit unused before a miss evicts it. Batches
    /// grow and shrink, and every new shape allocates buffers of new sizes; without eviction the pool kept a set for
    /// every size seen (a 5-batch benchmark on length-sorted batches grew it from 0.6 to 1.5 GB).
    /// </summary>
    private const long StaleEpochs = 2;

    /// <summary>Evicting this much at once runs a full collection, so the pinned arrays are reused before the heap grows.</summary>
    private const long EvictionCollectBytes = 32L << 20;
    [ThreadStatic] private static long _allocatedOnThisThread;

    /// <summary>Floats allocated by the pool since the process started (never decreases): the test of steady state.</summary>
    public static long AllocatedFloats => Interlocked.Read(ref _allocatedFloats);

    /// <summary>Floats allocated by the pool for requests made on the calling thread (unaffected by other threads' work).</summary>
    public static long AllocatedFloatsOnThisThread => _allocatedOnThisThread;

    /// <summary>Rounds a request up to its size class.</summary>
    public static int SizeClass(int length)
    {
        if (length <= MinimumCapacity) return MinimumCapacity;
        int octave = BitOperations.Log2((uint)(length - 1)); // 2^octave < length <= 2^(octave+1)
        int step = Math.Max(1, (1 << octave) / 4);
        long rounded = ((long)length + step - 1) / step * step;
        return (int)Math.Min(rounded, Array.MaxLength - 16);
    }

    /// <summary>A buffer holding at least <paramref name="length"/> floats; its contents are undefined.</summary>
    public static AlignedBuffer Rent(int length)
    {
        int size = SizeClass(length);
        lock (Gate)
        {
            // Batches of varying lengths ask for neighbouring classes; taking a free buffer up to two classes larger
            // (at most ~56% slack) keeps the pool from holding a separate set of buffers for every length seen,
            // which otherwise grew the peak memory of training by the number of distinct batch shapes.
            for (int candidate = size, tries = 0; tries <= LargerClassesTried; tries++, candidate = SizeClass(candidate + 1))
            {
                if (Free.TryGetValue(candidate, out var stack) && stack.Count > 0)
                {
                    var reused = stack.Pop();
                    reused.Rented = true;
                    return reused;
                }
                if (candidate >= Array.MaxLength - 16) break;
            }
        }
        EvictStale();
        Interlocked.Add(ref _allocatedFloats, size);
        _allocatedOnThisThread += size;
        return new AlignedBuffer(size) { Rented = true };
    }

    /// <summary>Gives a buffer back. Returning one twice is a bug in the caller and throws.</summary>
    public static void Return(AlignedBuffer buffer)
    {
        if (!buffer.Rented)
            throw new InvalidOperationException("A tensor buffer was returned to the pool twice.");
        buffer.Rented = false;
        buffer.LastReturned = Interlocked.Read(ref _epoch);
        lock (Gate)
        {
            if (!Free.TryGetValue(buffer.Capacity, out var stack))
                Free[buffer.Capacity] = stack = new Stack<AlignedBuffer>();
            stack.Push(buffer);
        }
    }

    /// <summary>Free buffers of the size class <paramref name="length"/> falls in (for tests).</summary>
    internal static int CountFree(int length)
    {
        lock (Gate) return Free.TryGetValue(SizeClass(length), out var stack) ? stack.Count : 0;
    }

    /// <summary>Marks the end of an outermost <see cref="TensorScope"/>: the clock by which free buffers go stale.</summary>
    internal static void EndOfOutermostScope() => Interlocked.Increment(ref _epoch);

    /// <summary>On a miss: drops the free buffers no outermost scope has used lately, so the collector can reuse their memory.</summary>
    private static void EvictStale()
    {
        long before = Interlocked.Read(ref _epoch) - StaleEpochs;
        long evicted = 0;
        lock (Gate)
        {
            foreach (var stack in Free.Values)
            {
                if (stack.Count == 0 || !stack.Any(b => b.LastReturned < before)) continue;
                var fresh = stack.Where(b => b.LastReturned >= before).Reverse().ToArray();
                evicted += stack.Where(b => b.LastReturned < before).Sum(b => (long)b.Capacity);
                stack.Clear();
                foreach (var b in fresh) stack.Push(b);
            }
        }
        if (evicted * sizeof(float) >= EvictionCollectBytes) GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
    }

    /// <summary>Drops every free buffer so the garbage collector can reclaim it (for example after training).</summary>
    public static void Trim()
    {
        lock (Gate) Free.Clear();
    }
}
