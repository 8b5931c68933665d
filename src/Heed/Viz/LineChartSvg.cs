using System.Text;

namespace Heed.Viz;

/// <summary>
/// A plain SVG line chart: axes with "nice" ticks and labels, one coloured line per series (with point markers when a
/// series is sparse), a legend above the plot. Colours come from the Okabe–Ito palette, which stays distinguishable
/// for the common forms of colour blindness.
/// </summary>
internal static class LineChartSvg
{
    private const double FontSize = 12;
    private const int MarkerLimit = 60;
    private static readonly string[] Palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];

    /// <summary>Returns SVG text for the chart. Series without points are listed in the legend but draw nothing.</summary>
    /// <param name="title">the heading above the plot</param>
    /// <param name="xLabel">the x axis' caption</param>
    /// <param name="yLabel">the y axis' caption</param>
    /// <param name="series">the lines, each a name and its points, coloured in order from a colour-blind-safe palette</param>
    /// <param name="width">the picture's width in pixels, at least 200</param>
    /// <param name="height">the picture's height in pixels, at least 150</param>
    /// <param name="includeZero">Extend the y axis down (or up) to 0, for quantities like BLEU whose zero is meaningful.</param>
    /// <param name="yCeiling">A value the quantity cannot exceed (100 for BLEU): the y axis stops there instead of at the
    /// next "nice" tick above it, which would suggest scores beyond the scale.</param>
    /// <param name="xStart">Extend the x axis back to this value, so charts of one run share their left edge.</param>
    /// <exception cref="ArgumentException">Width or height is too small (below 200 × 150).</exception>
    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series,
        int width = 640, int height = 360, bool includeZero = false, double? yCeiling = null, double? xStart = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (width < 200 || height < 150) throw new ArgumentException($"Chart size {width}x{height} is below the 200x150 minimum.");
        var drawn = series.Where(s => s.X.Count > 0).ToList();

        double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
        if (drawn.Count > 0)
        {
            xMin = drawn.Min(s => s.X.Min()); xMax = drawn.Max(s => s.X.Max());
            yMin = drawn.Min(s => s.Y.Min()); yMax = drawn.Max(s => s.Y.Max());
        }
        if (includeZero) (yMin, yMax) = (Math.Min(yMin, 0), Math.Max(yMax, 0));
        if (xStart is double x0) (xMin, xMax) = (Math.Min(xMin, x0), Math.Max(xMax, x0));
        var (xLow, xHigh, xStep, xTicks) = AxisTicks.Nice(xMin, xMax, 6);
        var (yLow, yHigh, yStep, yTicks) = AxisTicks.Nice(yMin, yMax, 5);
        // A perfect BLEU can compute as 100.00000000000004; the tolerance keeps such rounding from defeating the ceiling.
        if (yCeiling is double ceiling && yHigh > ceiling && yMax <= ceiling + 1e-9 * Math.Abs(ceiling) && yLow < ceiling)
        {
            yHigh = ceiling;
            yTicks = yTicks.Where(t => t <= ceiling).ToArray();
        }

        double yTickWidth = yTicks.Max(t => Markup.TextWidth(AxisTicks.Label(t, yStep), FontSize));
        double left = 16 + FontSize + 8 + yTickWidth + 6;   // y label, gap, tick labels, tick
        double top = 12 + 16 + 8 + FontSize + 10;            // title, gap, legend row
        double right = width - 16 - Markup.TextWidth(AxisTicks.Label(xTicks[^1], xStep), FontSize) / 2;
        double bottom = height - (8 + FontSize + 8 + FontSize + 8); // tick labels, x label
        double X(double v) => left + (v - xLow) / (xHigh - xLow) * (right - left);
        double Y(double v) => bottom - (v - yLow) / (yHigh - yLow) * (bottom - top);

        var sb = new StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"line-chart\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" ")
          .Append($"font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\" font-size=\"{Markup.Num(FontSize)}\">\n")
          .Append($"<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n")
          .Append($"<text class=\"title\" x=\"16\" y=\"28\" font-size=\"15\" font-weight=\"bold\">{Markup.Escape(title)}</text>\n");

        foreach (double t in yTicks)
            sb.Append($"<line x1=\"{Markup.Num(left)}\" y1=\"{Markup.Num(Y(t))}\" x2=\"{Markup.Num(right)}\" y2=\"{Markup.Num(Y(t))}\" stroke=\"#e5e5e5\"/>")
              .Append($"<text class=\"y-tick\" x=\"{Markup.Num(left - 6)}\" y=\"{Markup.Num(Y(t))}\" text-anchor=\"end\" dominant-baseline=\"central\">{AxisTicks.Label(t, yStep)}</text>\n");
        foreach (double t in xTicks)
            sb.Append($"<line x1=\"{Markup.Num(X(t))}\" y1=\"{Markup.Num(bottom)}\" x2=\"{Markup.Num(X(t))}\" y2=\"{Markup.Num(bottom + 5)}\" stroke=\"#444444\"/>")
              .Append($"<text class=\"x-tick\" x=\"{Markup.Num(X(t))}\" y=\"{Markup.Num(bottom + 8 + FontSize)}\" text-anchor=\"middle\">{AxisTicks.Label(t, xStep)}</text>\n");
        sb.Append($"<path d=\"M{Markup.Num(left)} {Markup.Num(top)}V{Markup.Num(bottom)}H{Markup.Num(right)}\" fill=\"none\" stroke=\"#444444\"/>\n")
          .Append($"<text class=\"x-label\" x=\"{Markup.Num((left + right) / 2)}\" y=\"{Markup.Num(height - 8)}\" text-anchor=\"middle\">{Markup.Escape(xLabel)}</text>\n")
          .Append($"<text class=\"y-label\" x=\"16\" y=\"{Markup.Num((top + bottom) / 2)}\" text-anchor=\"middle\" dominant-baseline=\"hanging\" ")
          .Append($"transform=\"rotate(-90 16 {Markup.Num((top + bottom) / 2)})\">{Markup.Escape(yLabel)}</text>\n");

        double legendX = left;
        for (int i = 0; i < series.Count; i++)
        {
            string colour = Palette[i % Palette.Length];
            double y = 28 + 8 + FontSize / 2 + 4;
            sb.Append($"<g class=\"legend-item\"><line x1=\"{Markup.Num(legendX)}\" y1=\"{Markup.Num(y)}\" x2=\"{Markup.Num(legendX + 20)}\" y2=\"{Markup.Num(y)}\" stroke=\"{colour}\" stroke-width=\"2.5\"/>")
              .Append($"<text x=\"{Markup.Num(legendX + 26)}\" y=\"{Markup.Num(y)}\" dominant-baseline=\"central\">{Markup.Escape(series[i].Name)}</text></g>\n");
            legendX += 26 + Markup.TextWidth(series[i].Name, FontSize) + 18;
        }

        for (int i = 0; i < series.Count; i++)
        {
            ChartSeries s = series[i];
            if (s.X.Count == 0) continue;
            string colour = Palette[i % Palette.Length];
            sb.Append($"<g class=\"series\" data-name=\"{Markup.Escape(s.Name)}\"><polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"");
            for (int k = 0; k < s.X.Count; k++)
                sb.Append(k == 0 ? "" : " ").Append(Markup.Num(X(s.X[k]))).Append(',').Append(Markup.Num(Y(s.Y[k])));
            sb.Append("\"/>");
            if (s.X.Count <= MarkerLimit)
                for (int k = 0; k < s.X.Count; k++)
                    sb.Append($"<circle cx=\"{Markup.Num(X(s.X[k]))}\" cy=\"{Markup.Num(Y(s.Y[k]))}\" r=\"3\" fill=\"{colour}\">")
                      .Append($"<title>{Markup.Escape(s.Name)} at {Markup.Num(s.X[k])}: {Markup.Num(s.Y[k])}</title></circle>");
            sb.Append("</g>\n");
        }
        if (drawn.Count == 0)
            sb.Append($"<text x=\"{Markup.Num((left + right) / 2)}\" y=\"{Markup.Num((top + bottom) / 2)}\" text-anchor=\"middle\" fill=\"#777777\">no data</text>\n");
        sb.Append("</svg>\n");
        return sb.ToString();
    }
}
