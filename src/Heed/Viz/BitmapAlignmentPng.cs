namespace Heed.Viz;

/// <summary>
/// The fallback PNG picture, drawn with Heed's built-in 5x7 pixel font when no outline font can be used (see
/// <see cref="LabelFont.FromSystem"/>): output tokens down the left, source tokens standing upright above the grid, one
/// solid block per weight (same colour ramp as the SVG) and a 0..1 colour-scale legend.
/// </summary>
/// <remarks>
/// The font covers printable ASCII only: accented Latin letters are drawn without their accent (économique as
/// economique) and any other non-ASCII character as a hollow placeholder box. Pure managed code, so it also serves the
/// tests as an oracle of what the picture looks like without real glyphs.
/// </remarks>
internal static class BitmapAlignmentPng
{
    private const int Scale = 2;
    private const int Pad = 10;
    private const int Gap = 6;
    private const int LegendBar = 14;
    private static readonly Rgb Ink = new(0, 0, 0);
    private static readonly Rgb Frame = new(136, 136, 136);
    private static readonly Rgb Paper = new(255, 255, 255);

    /// <summary>Where the grid sits in the picture; cell (r, c) covers
    /// [GridLeft + c*CellSize, +CellSize) × [GridTop + r*CellSize, +CellSize).</summary>
    internal readonly record struct Layout(int Width, int Height, int GridLeft, int GridTop, int CellSize, int LegendLeft, int LegendHeight);

    /// <summary>The picture of <paramref name="matrix"/> as PNG bytes; <paramref name="cellSize"/> is at least 16.</summary>
    public static byte[] Encode(AlignmentMatrix matrix, int cellSize)
    {
        Raster image = Rasterize(matrix, cellSize, out _);
        return PngEncoder.Encode(image.Width, image.Height, image.Pixels);
    }

    internal static Layout Measure(AlignmentMatrix matrix, int cellSize)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentOutOfRangeException.ThrowIfLessThan(cellSize, 16);
        int textHeight = BitmapFont.LineHeight * Scale;
        int rowLabels = matrix.OutputTokens.Max(t => BitmapFont.Measure(t, Scale));
        int colLabels = matrix.SourceTokens.Max(t => BitmapFont.Measure(t, Scale));
        int titleBand = matrix.Title is null ? 0 : textHeight + 2 * Gap;
        int gridLeft = Pad + rowLabels + Gap;
        int gridTop = Pad + titleBand + colLabels + Gap;
        int gridWidth = matrix.Columns * cellSize, gridHeight = matrix.Rows * cellSize;
        int legendLeft = gridLeft + gridWidth + 3 * Gap;
        int legendHeight = Math.Clamp(gridHeight, 100, 240);
        int legendRight = legendLeft + LegendBar + Gap + BitmapFont.Measure("0.5", Scale);
        int width = Math.Max(legendRight + Pad, matrix.Title is null ? 0 : 2 * Pad + BitmapFont.Measure(matrix.Title, Scale));
        // The legend's tick labels are centred on the bar ends, so half a text line pokes out below it.
        int height = gridTop + Math.Max(gridHeight, legendHeight + textHeight / 2) + Pad;
        return new Layout(width, height, gridLeft, gridTop, cellSize, legendLeft, legendHeight);
    }

    internal static Raster Rasterize(AlignmentMatrix matrix, int cellSize, out Layout layout)
    {
        layout = Measure(matrix, cellSize);
        var image = new Raster(layout.Width, layout.Height, Paper);
        // Labels are centred on the letters' body; descenders may hang into the gap below.
        int textHeight = BitmapFont.GlyphHeight * Scale;
        if (matrix.Title is not null)
            image.Text(Pad, Pad, matrix.Title, Ink, Scale);

        for (int r = 0; r < matrix.Rows; r++)
        {
            string label = matrix.OutputTokens[r];
            int x = layout.GridLeft - Gap - BitmapFont.Measure(label, Scale);
            image.Text(x, layout.GridTop + r * cellSize + (cellSize - textHeight) / 2, label, Ink, Scale);
        }
        for (int c = 0; c < matrix.Columns; c++)
            image.TextUp(layout.GridLeft + c * cellSize + (cellSize - BitmapFont.LineHeight * Scale) / 2, layout.GridTop - Gap, matrix.SourceTokens[c], Ink, Scale);

        for (int r = 0; r < matrix.Rows; r++)
            for (int c = 0; c < matrix.Columns; c++)
                image.Fill(layout.GridLeft + c * cellSize, layout.GridTop + r * cellSize, cellSize, cellSize, WeightColors.For(matrix[r, c]));
        image.Outline(layout.GridLeft - 1, layout.GridTop - 1, matrix.Columns * cellSize + 2, matrix.Rows * cellSize + 2, Frame);

        // Legend: weight 1 at the top of the bar, 0 at the bottom, one colour per pixel row.
        int h = layout.LegendHeight;
        for (int y = 0; y < h; y++)
            image.Fill(layout.LegendLeft, layout.GridTop + y, LegendBar, 1, WeightColors.For(1 - y / (double)(h - 1)));
        image.Outline(layout.LegendLeft - 1, layout.GridTop - 1, LegendBar + 2, h + 2, Frame);
        foreach (var (value, label) in new[] { (1.0, "1"), (0.5, "0.5"), (0.0, "0") })
        {
            int y = layout.GridTop + (int)Math.Round((1 - value) * (h - 1));
            image.Fill(layout.LegendLeft + LegendBar, y, 4, 1, Ink);
            image.Text(layout.LegendLeft + LegendBar + Gap, Math.Max(0, y - textHeight / 2), label, Ink, Scale);
        }
        return image;
    }
}
