using System.Globalization;

namespace Heed.Viz;

/// <summary>
/// A head's weighting over memory locations at every step, as in Graves et al. 2014's copy figures: time across
/// (columns), locations down (rows), so a head that moves one location per step draws a diagonal band.
/// </summary>
public static class MemoryWeightingPicture
{
    /// <summary>Locations kept on each side of the used band, so the picture shows where the band ends.</summary>
    private const int Margin = 2;

    /// <summary>Weight above which a location counts as used when cropping.</summary>
    private const float Used = 0.05f;

    /// <summary>
    /// The matrix for <paramref name="weightings"/> [steps][N], cropped to the rows from the first to the last location
    /// that any step weights above 0.05 (plus two on each side); all rows when the band wraps around the memory.
    /// </summary>
    /// <param name="weightings">one weighting per step, all of the same length N</param>
    /// <param name="title">the picture's title</param>
    /// <exception cref="ArgumentException">no steps, or rows of different lengths.</exception>
    public static AlignmentMatrix Matrix(IReadOnlyList<float[]> weightings, string title)
    {
        ArgumentNullException.ThrowIfNull(weightings);
        if (weightings.Count == 0 || weightings.Any(w => w.Length != weightings[0].Length || w.Length == 0))
            throw new ArgumentException("MemoryWeightingPicture: needs at least one step, every weighting of the same non-zero length.");
        int n = weightings[0].Length, first = n, last = -1;
        foreach (var w in weightings)
            for (int i = 0; i < n; i++)
                if (w[i] > Used) { first = Math.Min(first, i); last = Math.Max(last, i); }
        if (last < 0) (first, last) = (0, n - 1);
        first = Math.Max(0, first - Margin);
        last = Math.Min(n - 1, last + Margin);
        var rows = Enumerable.Range(first, last - first + 1).ToList();
        var cells = rows.Select(i => weightings.Select(w => Math.Clamp(w[i], 0f, 1f)).ToArray()).ToArray();
        string Label(int i) => i.ToString(CultureInfo.InvariantCulture);
        return new AlignmentMatrix(
            Enumerable.Range(1, weightings.Count).Select(Label).ToList(),
            rows.Select(Label).ToList(),
            cells, title);
    }
}
