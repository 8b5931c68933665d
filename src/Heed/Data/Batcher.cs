namespace Heed.Data;

/// <summary>
/// Cuts encoded sentence pairs into padded <see cref="Batch"/>es. Training order comes from
/// <see cref="Shuffled"/>: a seeded shuffle, then (optionally) sorting by length inside large chunks so that
/// batches hold similar lengths and waste little padding, then a shuffle of the batch order. Decoding uses
/// <see cref="Ordered"/>, and <see cref="RestoreOrder{T}"/> puts per-row outputs back in input order.
/// </summary>
public sealed class Batcher
{
    private readonly IReadOnlyList<int[]> _sources;
    private readonly IReadOnlyList<int[]>? _targets;
    private readonly int _padId;

    /// <param name="sources">Source id sequences (usually with &lt;s&gt;/&lt;/s&gt; already added).</param>
    /// <param name="targets">Target id sequences aligned with <paramref name="sources"/>, or null when decoding.</param>
    /// <param name="padId">Id written into padding positions.</param>
    /// <exception cref="ArgumentException">Targets given with a different count than sources.</exception>
    public Batcher(IReadOnlyList<int[]> sources, IReadOnlyList<int[]>? targets = null, int padId = Vocabulary.Pad)
    {
        if (targets is not null && targets.Count != sources.Count)
            throw new ArgumentException($"{sources.Count} sources but {targets.Count} targets.", nameof(targets));
        _sources = sources;
        _targets = targets;
        _padId = padId;
    }

    /// <summary>Number of sentence pairs.</summary>
    public int Count => _sources.Count;

    /// <summary>
    /// One epoch of batches in an order fixed by <paramref name="seed"/> (System.Random with that seed, so the same
    /// seed always gives the same batches). Every pair appears in exactly one batch.
    /// </summary>
    /// <param name="limit">Batch size by padded tokens or by sentences.</param>
    /// <param name="seed">Seed of the shuffles.</param>
    /// <param name="bucketByLength">Sort by (source length, target length) within each chunk before cutting batches.</param>
    /// <param name="chunkSize">Sentences per sorted chunk: larger means less padding but less randomness within batches.</param>
    public IReadOnlyList<Batch> Shuffled(BatchLimit limit, int seed, bool bucketByLength = true, int chunkSize = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var random = new Random(seed);
        int[] order = Enumerable.Range(0, Count).ToArray();
        random.Shuffle(order);
        var batches = new List<Batch>();
        for (int start = 0; start < order.Length; start += chunkSize)
        {
            int[] chunk = order[start..Math.Min(order.Length, start + chunkSize)];
            if (bucketByLength)
                chunk = SortByLength(chunk);
            Cut(chunk, limit, batches);
        }
        Batch[] shuffled = batches.ToArray();
        random.Shuffle(shuffled);
        return shuffled;
    }

    /// <summary>
    /// Batches without shuffling: consecutive pairs in input order, or, with <paramref name="sortByLength"/>, in order
    /// of length (less padding, faster decoding). Either way <see cref="Batch.Indices"/> and
    /// <see cref="RestoreOrder{T}"/> give back the input order.
    /// </summary>
    public IReadOnlyList<Batch> Ordered(BatchLimit limit, bool sortByLength = false)
    {
        int[] order = Enumerable.Range(0, Count).ToArray();
        if (sortByLength)
            order = SortByLength(order);
        var batches = new List<Batch>();
        Cut(order, limit, batches);
        return batches;
    }

    /// <summary>
    /// Places <paramref name="outputs"/>[b][row] at position batches[b].Indices[row] of an array of
    /// <paramref name="count"/> results.
    /// </summary>
    /// <exception cref="ArgumentException">A batch's output count differs from its size, or an index is missing or repeated.</exception>
    public static T[] RestoreOrder<T>(IReadOnlyList<Batch> batches, IReadOnlyList<IReadOnlyList<T>> outputs, int count)
    {
        if (outputs.Count != batches.Count)
            throw new ArgumentException($"{outputs.Count} outputs for {batches.Count} batches.", nameof(outputs));
        var result = new T[count];
        var filled = new bool[count];
        for (int b = 0; b < batches.Count; b++)
        {
            if (outputs[b].Count != batches[b].Size)
                throw new ArgumentException($"Batch {b} has {batches[b].Size} rows but {outputs[b].Count} outputs.", nameof(outputs));
            for (int row = 0; row < batches[b].Size; row++)
            {
                int index = batches[b].Indices[row];
                if ((uint)index >= (uint)count || filled[index])
                    throw new ArgumentException($"Batch {b} row {row}: index {index} is outside 0..{count - 1} or repeated.", nameof(batches));
                filled[index] = true;
                result[index] = outputs[b][row];
            }
        }
        int missing = Array.IndexOf(filled, false);
        if (missing >= 0)
            throw new ArgumentException($"No batch holds index {missing}.", nameof(batches));
        return result;
    }

    // Stable, so equal lengths keep their (shuffled) order and the result depends only on the seed.
    private int[] SortByLength(int[] order) =>
        order.OrderBy(i => _sources[i].Length).ThenBy(i => TargetLength(i)).ToArray();

    private int TargetLength(int i) => _targets is null ? 0 : _targets[i].Length;

    // Greedy: extend the batch while the limit allows it; a pair too long for any batch goes alone.
    private void Cut(int[] order, BatchLimit limit, List<Batch> batches)
    {
        int start = 0, longest = 0;
        for (int k = 0; k < order.Length; k++)
        {
            int length = Math.Max(_sources[order[k]].Length, TargetLength(order[k]));
            int grown = Math.Max(longest, length);
            if (k > start && !limit.Allows(k - start + 1, grown))
            {
                batches.Add(Build(order[start..k]));
                start = k;
                grown = length;
            }
            longest = grown;
        }
        if (start < order.Length)
            batches.Add(Build(order[start..]));
    }

    private Batch Build(int[] indices)
    {
        int b = indices.Length;
        var sourceLengths = new int[b];
        var targetLengths = new int[b];
        for (int r = 0; r < b; r++)
        {
            sourceLengths[r] = _sources[indices[r]].Length;
            targetLengths[r] = TargetLength(indices[r]);
        }
        int s = sourceLengths.Max(), t = targetLengths.Max();
        return new Batch(indices, Pad(_sources, indices, s), s, sourceLengths,
            _targets is null ? [] : Pad(_targets, indices, t), t, targetLengths);
    }

    private int[] Pad(IReadOnlyList<int[]> sequences, int[] indices, int width)
    {
        var padded = new int[indices.Length * width];
        Array.Fill(padded, _padId);
        for (int r = 0; r < indices.Length; r++)
            sequences[indices[r]].CopyTo(padded, r * width);
        return padded;
    }
}
