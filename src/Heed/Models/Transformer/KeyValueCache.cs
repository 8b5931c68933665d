using Heed.Tensors;

namespace Heed.Models.Transformer;

/// <summary>
/// One decoder layer's self-attention keys and values (after W^K, W^V) for every position decoded so far, per
/// hypothesis: [rows, capacity, d_model], of which the first <see cref="Length"/> positions are this cache's.
/// </summary>
/// <remarks>
/// <para>Immutable as search sees it, yet a step appends in place: caches share a store, and the one whose length is
/// the store's filled length may write the next position (claimed atomically); any other — an older state stepped
/// again — copies its positions into a store of its own first. So greedy search appends without copying, while a
/// state stays valid after its successor was made.</para>
/// <para>The stores are plain garbage-collected arrays, outside the tensor pool and every
/// <see cref="Heed.Tensors.Memory.TensorScope"/>: beam search reorders the cache at every step and keeps the states in
/// its outer scope, where per-step copies in scoped tensors would pile up until the search ends.</para>
/// </remarks>
internal sealed class KeyValueCache
{
    private sealed class Store(int rows, int capacity, int width)
    {
        public float[] Keys { get; } = GC.AllocateUninitializedArray<float>(rows * capacity * width);
        public float[] Values { get; } = GC.AllocateUninitializedArray<float>(rows * capacity * width);
        public int Rows => rows;
        public int Width => width;
        public int Capacity => capacity;
        public int Filled; // positions written; only the cache of this length may append
    }

    private readonly Store _store;

    private KeyValueCache(Store store, int length)
    {
        _store = store;
        Length = length;
    }

    /// <summary>An empty cache for <paramref name="rows"/> hypotheses of width d_model, with room for
    /// <paramref name="capacity"/> positions before it grows.</summary>
    public static KeyValueCache Empty(int rows, int width, int capacity) => new(new Store(rows, Math.Max(1, capacity), width), 0);

    /// <summary>Positions held.</summary>
    public int Length { get; }

    /// <summary>Hypotheses.</summary>
    public int Rows => _store.Rows;

    /// <summary>d_model.</summary>
    public int Width => _store.Width;

    /// <summary>Positions per row in <see cref="Keys"/> and <see cref="Values"/>.</summary>
    public int Capacity => _store.Capacity;

    /// <summary>[rows, capacity, d_model] row-major; positions ≥ <see cref="Length"/> are not this cache's.</summary>
    public float[] Keys => _store.Keys;

    /// <summary>[rows, capacity, d_model] row-major.</summary>
    public float[] Values => _store.Values;

    /// <summary>This cache with one more position: the step's keys and values, read from each row of
    /// <paramref name="projections"/> [rows, n] at columns <paramref name="keyColumn"/> and
    /// <paramref name="valueColumn"/> onwards (a fused [q; k; v] projection, or keys and values side by side).</summary>
    public KeyValueCache Append(Tensor projections, int keyColumn, int valueColumn)
    {
        int rows = Rows, width = Width, n = projections.Dim(-1);
        if (projections.Length != rows * n || keyColumn + width > n || valueColumn + width > n)
            throw new ArgumentException($"KeyValueCache.Append: projections {projections.Describe()} must be [{rows}, n] with keys at column {keyColumn} and values at {valueColumn}, {width} wide.");
        var store = _store;
        if (Length >= store.Capacity || Interlocked.CompareExchange(ref store.Filled, Length + 1, Length) != Length)
        {
            store = CopyInto(new Store(rows, Length >= store.Capacity ? 2 * store.Capacity : store.Capacity, width), rowOf: r => r, rows);
            store.Filled = Length + 1; // the new cache owns the next position of its own store
        }
        for (int r = 0; r < rows; r++)
        {
            int at = (r * store.Capacity + Length) * width;
            projections.Span.Slice(r * n + keyColumn, width).CopyTo(store.Keys.AsSpan(at));
            projections.Span.Slice(r * n + valueColumn, width).CopyTo(store.Values.AsSpan(at));
        }
        return new KeyValueCache(store, Length + 1);
    }

    /// <summary>A new cache whose row r is row <c>rows[r]</c> of this one (beam search), with the same capacity.</summary>
    public KeyValueCache Select(int[] rows)
    {
        foreach (int r in rows)
            if ((uint)r >= (uint)Rows)
                throw new ArgumentOutOfRangeException(nameof(rows), $"KeyValueCache.Select: row {r} is outside the {Rows} rows.");
        return new KeyValueCache(CopyInto(new Store(rows.Length, _store.Capacity, Width), r => rows[r], rows.Length), Length);
    }

    /// <summary>Copies this cache's positions of row <paramref name="rowOf"/>(r) into row r of <paramref name="target"/>.</summary>
    private Store CopyInto(Store target, Func<int, int> rowOf, int rows)
    {
        int width = Width, used = Length * width;
        for (int r = 0; r < rows; r++)
        {
            int from = rowOf(r) * _store.Capacity * width, to = r * target.Capacity * width;
            _store.Keys.AsSpan(from, used).CopyTo(target.Keys.AsSpan(to));
            _store.Values.AsSpan(from, used).CopyTo(target.Values.AsSpan(to));
        }
        target.Filled = Length;
        return target;
    }
}
