using System.Globalization;
using System.Text;
using Heed.Io;

namespace Heed.Viz;

/// <summary>
/// A convex-hull answer drawn in the unit square: the input points with their indices, the true hull (grey, dashed)
/// and the pointer network's polygon (blue), so a wrong answer shows where it went wrong.
/// </summary>
public static class HullPictureSvg
{
    private const double Size = 360, Pad = 28;

    /// <summary>SVG text for one example.</summary>
    /// <param name="x">x coordinates in [0, 1]</param>
    /// <param name="y">y coordinates in [0, 1], as many as x</param>
    /// <param name="truth">the true hull's vertex indices</param>
    /// <param name="predicted">the answer's vertex indices, in order</param>
    /// <param name="title">drawn above the square</param>
    /// <exception cref="ArgumentException">x and y differ in length, or an index is outside them.</exception>
    public static string Render(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<int> truth, IReadOnlyList<int> predicted, string title)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        if (x.Count != y.Count || truth.Concat(predicted).Any(i => i < 0 || i >= x.Count))
            throw new ArgumentException($"HullPictureSvg: {x.Count} x and {y.Count} y coordinates, and every vertex index must be below that.");
        string X(int i) => Markup.Num(Pad + x[i] * Size);
        string Y(int i) => Markup.Num(Pad + 20 + (1 - y[i]) * Size);                 // y up, as on paper
        string Points(IReadOnlyList<int> v) => string.Join(" ", v.Select(i => X(i) + "," + Y(i)));
        double width = Size + 2 * Pad, height = Size + 2 * Pad + 20;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Markup.Num(width)}\" height=\"{Markup.Num(height)}\" viewBox=\"0 0 {Markup.Num(width)} {Markup.Num(height)}\" font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\" font-size=\"11\">\n");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{Markup.Num(width)}\" height=\"{Markup.Num(height)}\" fill=\"#ffffff\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Markup.Num(Pad)}\" y=\"18\" font-size=\"13\" font-weight=\"bold\">{Markup.Escape(title)}</text>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Markup.Num(Pad)}\" y=\"{Markup.Num(Pad + 20)}\" width=\"{Markup.Num(Size)}\" height=\"{Markup.Num(Size)}\" fill=\"none\" stroke=\"#bbbbbb\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<polygon class=\"truth\" points=\"{Points(truth)}\" fill=\"none\" stroke=\"#777777\" stroke-width=\"4\" stroke-dasharray=\"8 5\"/>\n");
        if (predicted.Count > 0)
            sb.Append(CultureInfo.InvariantCulture, $"<polygon class=\"predicted\" points=\"{Points(predicted)}\" fill=\"#0072B2\" fill-opacity=\"0.12\" stroke=\"#0072B2\" stroke-width=\"2\"/>\n");
        for (int i = 0; i < x.Count; i++)
            sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(i)}\" cy=\"{Y(i)}\" r=\"3\" fill=\"#D55E00\"/><text x=\"{Markup.Num(Pad + x[i] * Size + 5)}\" y=\"{Markup.Num(Pad + 20 + (1 - y[i]) * Size - 4)}\">{i}</text>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Markup.Num(Pad)}\" y=\"{Markup.Num(height - 6)}\" fill=\"#333333\">dashed grey: true hull; blue: the network's answer</text>\n");
        return sb.Append("</svg>\n").ToString();
    }

    /// <summary>Writes <see cref="Render"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<int> truth, IReadOnlyList<int> predicted, string title) =>
        AtomicFile.WriteAllText(path, Render(x, y, truth, predicted, title));
}
