namespace Heed.Data;

/// <summary>Row selection from a padded, row-major id matrix, padded again to the longest selected row.</summary>
internal static class PaddedRows
{
    /// <summary>
    /// Rows <paramref name="rows"/> (in that order) of <paramref name="ids"/> [n, <paramref name="width"/>], copied into
    /// [rows.Count, w] where w is the longest selected length (at least <paramref name="minWidth"/>): a sub-batch does no
    /// work on padding only other rows needed. Positions past a row's length hold the padding they held before.
    /// </summary>
    public static (int[] Ids, int Width) Select(int[] ids, int width, int[] lengths, IReadOnlyList<int> rows, int minWidth = 0)
    {
        int w = minWidth;
        foreach (int r in rows) w = Math.Max(w, lengths[r]);
        var selected = new int[rows.Count * w];
        for (int i = 0; i < rows.Count; i++) Array.Copy(ids, rows[i] * width, selected, i * w, w);
        return (selected, w);
    }
}
