namespace Heed.Viz;

/// <summary>Turns a multi-layer, multi-head model's attention into <see cref="AttentionView"/>s for the HTML explorer.</summary>
public static class AttentionMaps
{
    /// <summary>
    /// One view per layer and head of <paramref name="maps"/>, indexed [layer][head][row][column], plus (when
    /// <paramref name="includeAverage"/>) each layer's average over its heads.
    /// </summary>
    /// <param name="kind">Which attention the maps are.</param>
    /// <param name="columnTokens">Column labels: the source tokens for cross and encoder self-attention, the output
    /// tokens for decoder self-attention.</param>
    /// <param name="rowTokens">Row labels: the output tokens for cross and decoder self-attention, the source tokens
    /// for encoder self-attention.</param>
    /// <param name="maps">Weights [layer][head][row][column]; every row a distribution over the columns.</param>
    /// <param name="includeAverage">Also add each layer's mean over heads (Head = null).</param>
    /// <exception cref="ArgumentException">A layer has no heads, or a map's shape does not match the tokens (as
    /// <see cref="AlignmentMatrix"/> reports it, with the layer and head named).</exception>
    public static IReadOnlyList<AttentionView> Views(AttentionKind kind, IReadOnlyList<string> columnTokens,
        IReadOnlyList<string> rowTokens, float[][][][] maps, bool includeAverage = true)
    {
        ArgumentNullException.ThrowIfNull(maps);
        var views = new List<AttentionView>();
        for (int layer = 0; layer < maps.Length; layer++)
        {
            var heads = maps[layer];
            if (heads is null || heads.Length == 0)
                throw new ArgumentException($"maps[{layer}] has no heads.", nameof(maps));
            for (int head = 0; head < heads.Length; head++)
                views.Add(new AttentionView(kind, layer, head, Matrix(columnTokens, rowTokens, heads[head], $"maps[{layer}][{head}]")));
            if (includeAverage)
                views.Add(new AttentionView(kind, layer, null, Matrix(columnTokens, rowTokens, Average(heads, columnTokens.Count), $"maps[{layer}] (average)")));
        }
        return views;
    }

    private static AlignmentMatrix Matrix(IReadOnlyList<string> columns, IReadOnlyList<string> rows, float[][] weights, string where)
    {
        try
        {
            return new AlignmentMatrix(columns, rows, weights);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{where}: {e.Message}", "maps", e);
        }
    }

    private static float[][] Average(float[][][] heads, int columns)
    {
        var mean = new float[heads[0]?.Length ?? 0][];
        for (int r = 0; r < mean.Length; r++)
        {
            mean[r] = new float[columns];
            foreach (var head in heads)
            {
                // A ragged head is reported by the per-head matrix built before this; guard only against overrun here.
                var row = head?.ElementAtOrDefault(r);
                if (row is null || row.Length != columns) continue;
                for (int c = 0; c < columns; c++) mean[r][c] += row[c] / heads.Length;
            }
        }
        return mean;
    }
}
