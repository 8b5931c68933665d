using System.Text;
using Heed.Io;

namespace Heed.Viz;

/// <summary>
/// Draws an <see cref="AlignmentMatrix"/> as a standalone SVG document: source tokens across the top, output tokens
/// down the left, one shaded square per weight, and a colour-scale legend on the right.
/// </summary>
/// <remarks>
/// Every cell is a <c>&lt;rect class="cell"&gt;</c> with <c>data-row</c>, <c>data-col</c> and <c>data-weight</c>
/// attributes and a <c>&lt;title&gt;</c> child that browsers show as a tooltip. Column labels that do not fit a cell
/// are rotated (-60 degrees, or -90 when very long). Margins are computed from an over-estimate of label widths, so
/// labels are not clipped in any common sans-serif font. All text is XML-escaped.
/// </remarks>
public static class AlignmentSvg
{
    internal const double FontSize = 13;
    private const double TitleSize = 15;
    private const double Pad = 12;
    private const double Gap = 6;
    private const double LegendBar = 14;
    private static readonly double[] LegendTicks = [0, 0.25, 0.5, 0.75, 1];

    /// <summary>Returns the SVG document text for <paramref name="matrix"/>.</summary>
    /// <param name="matrix">The weights to draw.</param>
    /// <param name="cellSize">Side of one cell in pixels (at least 8).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cellSize"/> is below 8.</exception>
    public static string Render(AlignmentMatrix matrix, double cellSize = 28) => Render(matrix, cellSize, idSuffix: "0");

    /// <summary>Writes the SVG for <paramref name="matrix"/> to <paramref name="path"/> atomically (UTF-8).</summary>
    public static void Write(string path, AlignmentMatrix matrix, double cellSize = 28) =>
        AtomicFile.WriteAllText(path, Render(matrix, cellSize));

    /// <summary>Renders with a caller-chosen suffix on element ids, so several SVGs can share one HTML page.</summary>
    internal static string Render(AlignmentMatrix matrix, double cellSize, string idSuffix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentOutOfRangeException.ThrowIfLessThan(cellSize, 8);
        int rows = matrix.Rows, cols = matrix.Columns;

        double rowLabelWidth = matrix.OutputTokens.Max(t => Markup.TextWidth(t, FontSize));
        double[] colWidths = matrix.SourceTokens.Select(t => Markup.TextWidth(t, FontSize)).ToArray();
        double maxColWidth = colWidths.Max();
        // Horizontal labels when every one fits its cell; steep rotation keeps very long labels from running far right.
        double angle = maxColWidth <= cellSize - 2 ? 0 : maxColWidth <= 6 * cellSize ? -60 : -90;
        double sin = Math.Abs(Math.Sin(angle * Math.PI / 180)), cos = Math.Cos(angle * Math.PI / 180);
        double labelBand = angle == 0 ? FontSize + Gap : maxColWidth * sin + FontSize * cos + Gap;

        double titleBand = matrix.Title is null ? 0 : TitleSize + 2 * Gap;
        double gridLeft = Pad + rowLabelWidth + Gap;
        double gridTop = Pad + titleBand + labelBand;
        double gridWidth = cols * cellSize, gridHeight = rows * cellSize;
        double gridRight = gridLeft + gridWidth;

        // Rotated labels lean right: the last ones may stick out past the grid.
        double labelsRight = gridRight;
        for (int c = 0; c < cols; c++)
            labelsRight = Math.Max(labelsRight, gridLeft + (c + 0.5) * cellSize + colWidths[c] * cos + FontSize / 2);

        double legendHeight = Math.Clamp(gridHeight, 100, 240);
        double legendLeft = gridRight + 3 * Gap;
        double legendRight = legendLeft + LegendBar + Gap + Markup.TextWidth("0.75", FontSize);
        double width = Math.Max(Math.Max(labelsRight, legendRight) + Pad,
            matrix.Title is null ? 0 : 2 * Pad + Markup.TextWidth(matrix.Title, TitleSize));
        double height = gridTop + Math.Max(gridHeight, legendHeight + FontSize + Gap) + Pad;

        var sb = new StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Markup.Num(width)}\" height=\"{Markup.Num(height)}\" ")
          .Append($"viewBox=\"0 0 {Markup.Num(width)} {Markup.Num(height)}\" font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\" font-size=\"{Markup.Num(FontSize)}\">\n");
        sb.Append("<style>.cell:hover{stroke:#e66100;stroke-width:2}</style>\n");
        sb.Append($"<rect class=\"background\" x=\"0\" y=\"0\" width=\"{Markup.Num(width)}\" height=\"{Markup.Num(height)}\" fill=\"#ffffff\"/>\n");
        if (matrix.Title is not null)
            sb.Append($"<text class=\"title\" x=\"{Markup.Num(Pad)}\" y=\"{Markup.Num(Pad + TitleSize)}\" font-size=\"{Markup.Num(TitleSize)}\" font-weight=\"bold\">{Markup.Escape(matrix.Title)}</text>\n");

        for (int c = 0; c < cols; c++)
        {
            double cx = gridLeft + (c + 0.5) * cellSize, y = gridTop - Gap;
            string text = Markup.Escape(matrix.SourceTokens[c]);
            if (angle == 0)
                sb.Append($"<text class=\"source-label\" x=\"{Markup.Num(cx)}\" y=\"{Markup.Num(y)}\" text-anchor=\"middle\">{text}</text>\n");
            else
                sb.Append($"<text class=\"source-label\" x=\"{Markup.Num(cx)}\" y=\"{Markup.Num(y)}\" dominant-baseline=\"central\" ")
                  .Append($"transform=\"rotate({Markup.Num(angle)} {Markup.Num(cx)} {Markup.Num(y)})\">{text}</text>\n");
        }
        for (int r = 0; r < rows; r++)
            sb.Append($"<text class=\"output-label\" x=\"{Markup.Num(gridLeft - Gap)}\" y=\"{Markup.Num(gridTop + (r + 0.5) * cellSize)}\" ")
              .Append($"text-anchor=\"end\" dominant-baseline=\"central\">{Markup.Escape(matrix.OutputTokens[r])}</text>\n");

        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                float w = matrix[r, c];
                sb.Append($"<rect class=\"cell\" x=\"{Markup.Num(gridLeft + c * cellSize)}\" y=\"{Markup.Num(gridTop + r * cellSize)}\" ")
                  .Append($"width=\"{Markup.Num(cellSize)}\" height=\"{Markup.Num(cellSize)}\" fill=\"{WeightColors.For(w).ToHex()}\" ")
                  .Append($"data-row=\"{r}\" data-col=\"{c}\" data-weight=\"{Markup.Weight(w)}\">")
                  .Append($"<title>{Markup.Escape(matrix.OutputTokens[r])} \u2190 {Markup.Escape(matrix.SourceTokens[c])}: {Markup.Weight(w)}</title></rect>\n");
            }
        }
        sb.Append($"<rect class=\"grid-border\" x=\"{Markup.Num(gridLeft)}\" y=\"{Markup.Num(gridTop)}\" width=\"{Markup.Num(gridWidth)}\" height=\"{Markup.Num(gridHeight)}\" fill=\"none\" stroke=\"#888888\" stroke-width=\"1\"/>\n");

        AppendLegend(sb, legendLeft, gridTop, legendHeight, idSuffix);
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    private static void AppendLegend(StringBuilder sb, double left, double top, double height, string idSuffix)
    {
        string id = "heed-weight-ramp-" + idSuffix;
        // Gradient stops run top (weight 1) to bottom (weight 0); 11 stops follow the L*a*b* ramp closely.
        sb.Append($"<g class=\"legend\"><defs><linearGradient id=\"{id}\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">");
        for (int i = 0; i <= 10; i++)
            sb.Append($"<stop offset=\"{Markup.Num(i / 10.0)}\" stop-color=\"{WeightColors.For(1 - i / 10.0).ToHex()}\"/>");
        sb.Append("</linearGradient></defs>\n");
        sb.Append($"<rect x=\"{Markup.Num(left)}\" y=\"{Markup.Num(top)}\" width=\"{Markup.Num(LegendBar)}\" height=\"{Markup.Num(height)}\" fill=\"url(#{id})\" stroke=\"#888888\" stroke-width=\"1\"/>\n");
        foreach (double t in LegendTicks)
        {
            double y = top + (1 - t) * height;
            sb.Append($"<line x1=\"{Markup.Num(left + LegendBar)}\" y1=\"{Markup.Num(y)}\" x2=\"{Markup.Num(left + LegendBar + 4)}\" y2=\"{Markup.Num(y)}\" stroke=\"#444444\"/>")
              .Append($"<text class=\"legend-tick\" x=\"{Markup.Num(left + LegendBar + Gap)}\" y=\"{Markup.Num(y)}\" dominant-baseline=\"central\">{Markup.Num(t)}</text>\n");
        }
        sb.Append($"<text class=\"legend-caption\" x=\"{Markup.Num(left)}\" y=\"{Markup.Num(top + height + Gap + FontSize)}\" fill=\"#444444\">weight</text></g>\n");
    }
}
