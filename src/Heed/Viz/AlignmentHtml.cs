using System.Text;
using Heed.Io;

namespace Heed.Viz;

/// <summary>
/// One self-contained HTML page showing one or many <see cref="AlignmentMatrix"/> pictures as inline SVG.
/// Hovering a cell shows "output ← source: weight" under the picture (and as the browser tooltip).
/// The page loads nothing from outside: style and script are inline.
/// </summary>
public static class AlignmentHtml
{
    /// <summary>Returns the HTML text for <paramref name="matrices"/>, in order.</summary>
    /// <exception cref="ArgumentException"><paramref name="matrices"/> is empty or holds null.</exception>
    public static string Render(IEnumerable<AlignmentMatrix> matrices, string pageTitle = "Attention alignments")
    {
        ArgumentNullException.ThrowIfNull(matrices);
        ArgumentNullException.ThrowIfNull(pageTitle);
        var list = matrices.ToList();
        if (list.Count == 0) throw new ArgumentException("No alignment matrices to show.", nameof(matrices));
        var body = new StringBuilder();
        for (int i = 0; i < list.Count; i++)
            body.Append(HtmlPage.AlignmentFigure(list[i] ?? throw new ArgumentException($"matrices[{i}] is null.", nameof(matrices)), i));
        return HtmlPage.Build(pageTitle, body.ToString());
    }

    /// <summary>Writes the page to <paramref name="path"/> atomically (UTF-8).</summary>
    public static void Write(string path, IEnumerable<AlignmentMatrix> matrices, string pageTitle = "Attention alignments") =>
        AtomicFile.WriteAllText(path, Render(matrices, pageTitle));
}
