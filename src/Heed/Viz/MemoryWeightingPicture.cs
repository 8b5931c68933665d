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
    /// The matrix for <paramref name="weightings"/> [steps][N], cropped to the shortest run of locations, taken
    /// circularly (the memory wraps around), that holds every location some step weights above 0.05, plus two on
    /// each side; all rows when no location is used. Rows keep their location numbers, so a wrap shows as … 126, 127, 0, 1 ….
    /// </summary>
    /// <param name="weightings">one weighting per step, all of the same length N</param>
    /// <param name="title">the picture's title</param>
    /// <exception cref="ArgumentException">no steps, or rows of different lengths.</exception>
    public static AlignmentMatrix Matrix(IReadOnlyList<float[]> weightings, string title)
    {
        ArgumentNullException.ThrowIfNull(weightings);
        if (weightings.Count == 0 || weightings.Any(w => w.Length != weightings[0].Length || w.Length == 0))
            throw new ArgumentException("MemoryWeightingPicture: needs at least one step, every weighting of the same non-zero length.");
        int n = weightings[0].Length;
        var rows = UsedLocations(weightings, n);
        var cells = rows.Select(i => weightings.Select(w => Math.Clamp(w[i], 0f, 1f)).ToArray()).ToArray();
        string Label(int i) => i.ToString(CultureInfo.InvariantCulture);
        return new AlignmentMatrix(
            Enumerable.Range(1, weightings.Count).Select(Label).ToList(),
            rows.Select(Label).ToList(),
            cells, title);
    }

    /// <summary>The locations to draw, in circular order: the complement of the largest circular gap between used ones.</summary>
    internal static List<int> UsedLocations(IReadOnlyList<float[]> weightings, int n)
    {
        var used = Enumerable.Range(0, n).Where(i => weightings.Any(w => w[i] > Used)).ToList();
        if (used.Count == 0) return Enumerable.Range(0, n).ToList();
        // The largest gap from one used location to the next (circularly); the window starts after it.
        int bestGap = -1, start = used[0];
        for (int k = 0; k < used.Count; k++)
        {
            int from = used[k], to = used[(k + 1) % used.Count];
            int gap = ((to - from) % n + n) % n;
            if (used.Count == 1) gap = n;
            if (gap > bestGap) (bestGap, start) = (gap, to);
        }
        int span = n - bestGap + 1;                           // from start through the last used location
        int length = Math.Min(n, span + 2 * Margin);
        return Enumerable.Range(0, length).Select(k => ((start - Margin + k) % n + n) % n).ToList();
    }
}
