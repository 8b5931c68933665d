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
        var l = AlignmentLayout.Compute(matrix, cellSize, AlignmentLayout.BaseFontSize, Markup.TextWidth);
        int rows = matrix.Rows, cols = matrix.Columns;

        var sb = new StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Markup.Num(l.Width)}\" height=\"{Markup.Num(l.Height)}\" ")
          .Append($"viewBox=\"0 0 {Markup.Num(l.Width)} {Markup.Num(l.Height)}\" font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\" font-size=\"{Markup.Num(l.FontSize)}\">\n");
        sb.Append("<style>.cell:hover{stroke:#e66100;stroke-width:2}</style>\n");
        sb.Append($"<rect class=\"background\" x=\"0\" y=\"0\" width=\"{Markup.Num(l.Width)}\" height=\"{Markup.Num(l.Height)}\" fill=\"#ffffff\"/>\n");
        if (matrix.Title is not null)
            sb.Append($"<text class=\"title\" x=\"{Markup.Num(l.Pad)}\" y=\"{Markup.Num(l.TitleBaseline)}\" font-size=\"{Markup.Num(l.TitleSize)}\" font-weight=\"bold\">{Markup.Escape(matrix.Title)}</text>\n");

        for (int c = 0; c < cols; c++)
        {
            var (cx, y) = l.ColumnLabel(c);
            string text = Markup.Escape(matrix.SourceTokens[c]);
            if (l.LabelAngle == 0)
                sb.Append($"<text class=\"source-label\" x=\"{Markup.Num(cx)}\" y=\"{Markup.Num(y)}\" text-anchor=\"middle\">{text}</text>\n");
            else
                sb.Append($"<text class=\"source-label\" x=\"{Markup.Num(cx)}\" y=\"{Markup.Num(y)}\" dominant-baseline=\"central\" ")
                  .Append($"transform=\"rotate({Markup.Num(l.LabelAngle)} {Markup.Num(cx)} {Markup.Num(y)})\">{text}</text>\n");
        }
        for (int r = 0; r < rows; r++)
        {
            var (x, y) = l.RowLabel(r);
            sb.Append($"<text class=\"output-label\" x=\"{Markup.Num(x)}\" y=\"{Markup.Num(y)}\" ")
              .Append($"text-anchor=\"end\" dominant-baseline=\"central\">{Markup.Escape(matrix.OutputTokens[r])}</text>\n");
        }

        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                float w = matrix[r, c];
                var (x, y) = l.Cell(r, c);
                sb.Append($"<rect class=\"cell\" x=\"{Markup.Num(x)}\" y=\"{Markup.Num(y)}\" ")
                  .Append($"width=\"{Markup.Num(cellSize)}\" height=\"{Markup.Num(cellSize)}\" fill=\"{WeightColors.For(w).ToHex()}\" ")
                  .Append($"data-row=\"{r}\" data-col=\"{c}\" data-weight=\"{Markup.Weight(w)}\">")
                  .Append($"<title>{Markup.Escape(matrix.OutputTokens[r])} \u2190 {Markup.Escape(matrix.SourceTokens[c])}: {Markup.Weight(w)}</title></rect>\n");
            }
        }
        sb.Append($"<rect class=\"grid-border\" x=\"{Markup.Num(l.GridLeft)}\" y=\"{Markup.Num(l.GridTop)}\" width=\"{Markup.Num(l.GridWidth)}\" height=\"{Markup.Num(l.GridHeight)}\" fill=\"none\" stroke=\"#888888\" stroke-width=\"1\"/>\n");

        AppendLegend(sb, l, idSuffix);
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    private static void AppendLegend(StringBuilder sb, AlignmentLayout l, string idSuffix)
    {
        string id = "heed-weight-ramp-" + idSuffix;
        double left = l.LegendLeft, top = l.GridTop;
        // Gradient stops run top (weight 1) to bottom (weight 0); 11 stops follow the L*a*b* ramp closely.
        sb.Append($"<g class=\"legend\"><defs><linearGradient id=\"{id}\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">");
        for (int i = 0; i <= 10; i++)
            sb.Append($"<stop offset=\"{Markup.Num(i / 10.0)}\" stop-color=\"{WeightColors.For(1 - i / 10.0).ToHex()}\"/>");
        sb.Append("</linearGradient></defs>\n");
        sb.Append($"<rect x=\"{Markup.Num(left)}\" y=\"{Markup.Num(top)}\" width=\"{Markup.Num(l.LegendBar)}\" height=\"{Markup.Num(l.LegendHeight)}\" fill=\"url(#{id})\" stroke=\"#888888\" stroke-width=\"1\"/>\n");
        foreach (double t in AlignmentLayout.LegendTicks)
        {
            double y = l.LegendY(t);
            sb.Append($"<line x1=\"{Markup.Num(left + l.LegendBar)}\" y1=\"{Markup.Num(y)}\" x2=\"{Markup.Num(left + l.LegendBar + 4)}\" y2=\"{Markup.Num(y)}\" stroke=\"#444444\"/>")
              .Append($"<text class=\"legend-tick\" x=\"{Markup.Num(left + l.LegendBar + l.Gap)}\" y=\"{Markup.Num(y)}\" dominant-baseline=\"central\">{Markup.Num(t)}</text>\n");
        }
        sb.Append($"<text class=\"legend-caption\" x=\"{Markup.Num(left)}\" y=\"{Markup.Num(l.LegendCaptionBaseline)}\" fill=\"#444444\">weight</text></g>\n");
    }
}
