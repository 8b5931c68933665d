namespace Heed.Models;

/// <summary>
/// What search expects to ask of an encoding, so that a model can precompute per-source tables when that much
/// stepping pays for them (<see cref="RnnSeq2Seq"/>): about how many steps, and from how many rows per sentence.
/// </summary>
/// <param name="Steps">the number of decoder steps search expects to take (≥ 1)</param>
/// <param name="RowsPerSource">rows that step from each source sentence: the beam width, 1 for greedy search (≥ 1)</param>
public sealed record SearchWork(int Steps, int RowsPerSource)
{
    /// <summary>The expected steps (≥ 1).</summary>
    public int Steps { get; } = Steps >= 1 ? Steps
        : throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "SearchWork: the expected number of steps must be at least 1.");

    /// <summary>Rows per source sentence (≥ 1).</summary>
    public int RowsPerSource { get; } = RowsPerSource >= 1 ? RowsPerSource
        : throw new ArgumentOutOfRangeException(nameof(RowsPerSource), RowsPerSource, "SearchWork: rows per source must be at least 1.");
}
