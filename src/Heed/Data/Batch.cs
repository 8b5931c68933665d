namespace Heed.Data;

/// <summary>
/// A padded mini-batch of B sentence pairs. <see cref="Source"/> is [B*S] and <see cref="Target"/> is [B*T],
/// row-major (row b holds sentence b, then padding), where S and T are the longest lengths in the batch.
/// Without targets (decoding), T is 0 and <see cref="Target"/> is empty.
/// </summary>
public sealed class Batch
{
    internal Batch(int[] indices, int[] source, int sourceLength, int[] sourceLengths,
        int[] target, int targetLength, int[] targetLengths)
    {
        Indices = indices;
        Source = source;
        SourceLength = sourceLength;
        SourceLengths = sourceLengths;
        Target = target;
        TargetLength = targetLength;
        TargetLengths = targetLengths;
    }

    /// <summary>Number of sentences B.</summary>
    public int Size => Indices.Length;

    /// <summary>Position of each row's sentence in the batcher's input, [B].</summary>
    public int[] Indices { get; }

    /// <summary>Padded source ids, [B*S] row-major.</summary>
    public int[] Source { get; }

    /// <summary>S: the longest source in the batch.</summary>
    public int SourceLength { get; }

    /// <summary>Unpadded source length of each row, [B].</summary>
    public int[] SourceLengths { get; }

    /// <summary>Padded target ids, [B*T] row-major (empty without targets).</summary>
    public int[] Target { get; }

    /// <summary>T: the longest target in the batch (0 without targets).</summary>
    public int TargetLength { get; }

    /// <summary>Unpadded target length of each row, [B] (all 0 without targets).</summary>
    public int[] TargetLengths { get; }

    /// <summary>Padded size that the token budget counts: B * max(S, T).</summary>
    public int PaddedTokens => Size * Math.Max(SourceLength, TargetLength);

    /// <summary>
    /// The sub-batch of the given rows, in that order, padded again to its own longest source and target (so a
    /// data-parallel replica does no work on padding that only another replica's sentences needed).
    /// </summary>
    /// <exception cref="ArgumentException">no rows, or a row outside [0, B).</exception>
    public Batch Rows(IReadOnlyList<int> rows)
    {
        if (rows.Count == 0) throw new ArgumentException("Batch.Rows: no rows selected.", nameof(rows));
        foreach (int r in rows)
            if (r < 0 || r >= Size) throw new ArgumentException($"Batch.Rows: row {r} is outside the batch of {Size}.", nameof(rows));
        var (source, s) = PaddedRows.Select(Source, SourceLength, SourceLengths, rows);
        var (target, t) = TargetLength == 0 ? ([], 0) : PaddedRows.Select(Target, TargetLength, TargetLengths, rows);
        return new Batch(rows.Select(r => Indices[r]).ToArray(), source, s, rows.Select(r => SourceLengths[r]).ToArray(),
            target, t, rows.Select(r => TargetLengths[r]).ToArray());
    }
}
