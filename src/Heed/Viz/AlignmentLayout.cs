namespace Heed.Viz;

/// <summary>
/// Where everything of an alignment picture goes: title, rotated column labels, row labels, grid and legend.
/// The SVG and the PNG share it, so the two pictures look alike; they differ only in how they measure text (the SVG
/// over-estimates, because a browser lays it out later; the PNG measures the glyphs it is about to draw).
/// </summary>
/// <remarks>Lengths scale with <see cref="FontSize"/>: at 13 px the paddings are those of Heed's first SVG.</remarks>
internal sealed record AlignmentLayout(
    double Width, double Height, double GridLeft, double GridTop, double CellSize, int Rows, int Columns,
    double LabelAngle, double FontSize, double TitleSize, double Pad, double Gap,
    double LegendLeft, double LegendBar, double LegendHeight)
{
    /// <summary>The font size the SVG uses and the one all other lengths are relative to.</summary>
    public const double BaseFontSize = 13;

    /// <summary>Weights that get a tick on the legend.</summary>
    public static readonly double[] LegendTicks = [0, 0.25, 0.5, 0.75, 1];

    /// <summary>Lays out <paramref name="matrix"/>.</summary>
    /// <param name="matrix">The weights to draw.</param>
    /// <param name="cellSize">Side of one cell.</param>
    /// <param name="fontSize">Size of label text; the title is 15/13 of it.</param>
    /// <param name="textWidth">Width of a string at a font size.</param>
    /// <param name="snap">Round the grid's corner and the picture's size up to whole pixels (for rasters, so cells are crisp).</param>
    /// <param name="titleWidth">Width of the (bold) title at a size; null measures it with <paramref name="textWidth"/>.</param>
    public static AlignmentLayout Compute(AlignmentMatrix matrix, double cellSize, double fontSize,
        Func<string, double, double> textWidth, bool snap = false, Func<string, double, double>? titleWidth = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        double unit = fontSize / BaseFontSize;
        double titleSize = 15 * unit, pad = 12 * unit, gap = 6 * unit, legendBar = 14 * unit;
        double Snap(double v) => snap ? Math.Ceiling(v) : v;
        int rows = matrix.Rows, cols = matrix.Columns;

        double rowLabelWidth = matrix.OutputTokens.Max(t => textWidth(t, fontSize));
        double[] colWidths = matrix.SourceTokens.Select(t => textWidth(t, fontSize)).ToArray();
        double maxColWidth = colWidths.Max();
        // Horizontal labels when every one fits its cell; steep rotation keeps very long labels from running far right.
        double angle = maxColWidth <= cellSize - 2 ? 0 : maxColWidth <= 6 * cellSize ? -60 : -90;
        double sin = Math.Abs(Math.Sin(angle * Math.PI / 180)), cos = Math.Cos(angle * Math.PI / 180);
        double labelBand = angle == 0 ? fontSize + gap : maxColWidth * sin + fontSize * cos + gap;

        double titleBand = matrix.Title is null ? 0 : titleSize + 2 * gap;
        double gridLeft = Snap(pad + rowLabelWidth + gap);
        double gridTop = Snap(pad + titleBand + labelBand);
        double gridWidth = cols * cellSize, gridHeight = rows * cellSize;
        double gridRight = gridLeft + gridWidth;

        // Rotated labels lean right: the last ones may stick out past the grid.
        double labelsRight = gridRight;
        for (int c = 0; c < cols; c++)
            labelsRight = Math.Max(labelsRight, gridLeft + (c + 0.5) * cellSize + colWidths[c] * cos + fontSize / 2);

        double legendHeight = Snap(Math.Clamp(gridHeight, 100 * unit, 240 * unit));
        double legendLeft = Snap(gridRight + 3 * gap);
        double legendRight = legendLeft + legendBar + gap + textWidth("0.75", fontSize);
        double width = Math.Max(Math.Max(labelsRight, legendRight) + pad,
            matrix.Title is null ? 0 : 2 * pad + (titleWidth ?? textWidth)(matrix.Title, titleSize));
        double height = gridTop + Math.Max(gridHeight, legendHeight + fontSize + gap) + pad;
        return new AlignmentLayout(Snap(width), Snap(height), gridLeft, gridTop, cellSize, rows, cols, angle, fontSize,
            titleSize, pad, gap, legendLeft, legendBar, legendHeight);
    }

    /// <summary>Width of the grid.</summary>
    public double GridWidth => Columns * CellSize;

    /// <summary>Height of the grid.</summary>
    public double GridHeight => Rows * CellSize;

    /// <summary>Baseline of the title, which starts at x = <see cref="Pad"/>.</summary>
    public double TitleBaseline => Pad + TitleSize;

    /// <summary>Anchor of column <paramref name="column"/>'s label: centred on the column, <see cref="Gap"/> above the grid.
    /// Horizontal labels are centred on it with their baseline there; rotated ones start there, vertically centred.</summary>
    public (double X, double Y) ColumnLabel(int column) => (GridLeft + (column + 0.5) * CellSize, GridTop - Gap);

    /// <summary>Anchor of row <paramref name="row"/>'s label: the label ends there, vertically centred on the row.</summary>
    public (double X, double Y) RowLabel(int row) => (GridLeft - Gap, GridTop + (row + 0.5) * CellSize);

    /// <summary>Top-left corner of cell (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public (double X, double Y) Cell(int row, int column) => (GridLeft + column * CellSize, GridTop + row * CellSize);

    /// <summary>Height on the legend bar of <paramref name="weight"/> (1 at the top, 0 at the bottom).</summary>
    public double LegendY(double weight) => GridTop + (1 - weight) * LegendHeight;

    /// <summary>Baseline of the legend's "weight" caption, which starts at x = <see cref="LegendLeft"/>.</summary>
    public double LegendCaptionBaseline => GridTop + LegendHeight + Gap + FontSize;
}
