using System.Text;
using Heed.Io;

namespace Heed.Viz;

/// <summary>
/// One self-contained HTML page showing alignment pictures as inline SVG: one per <see cref="AlignmentMatrix"/>
/// (an RNN's attention), or an explorer per <see cref="AttentionFigure"/> whose reader picks the kind (cross, encoder
/// self, decoder self), layer and head of the map shown (a Transformer's attention).
/// Hovering a cell shows "row ← column: weight" under the picture (and as the browser tooltip).
/// The page loads nothing from outside: style, script and data are inline.
/// </summary>
public static class AlignmentHtml
{
    /// <summary>Returns the HTML text for <paramref name="matrices"/>, in order, one picture each.</summary>
    /// <exception cref="ArgumentException"><paramref name="matrices"/> is empty or holds null.</exception>
    public static string Render(IEnumerable<AlignmentMatrix> matrices, string pageTitle = "Attention alignments")
    {
        ArgumentNullException.ThrowIfNull(matrices);
        var list = matrices.ToList();
        if (list.Count == 0) throw new ArgumentException("No alignment matrices to show.", nameof(matrices));
        return RenderExplorer(
            list.Select((m, i) => AttentionFigure.Single(m ?? throw new ArgumentException($"matrices[{i}] is null.", nameof(matrices)))),
            pageTitle);
    }

    /// <summary>
    /// Returns the HTML text for <paramref name="figures"/>, in order. A figure with one view is drawn exactly as
    /// <see cref="Render(IEnumerable{AlignmentMatrix}, string)"/> draws a matrix; one with several views gets pickers
    /// for kind, layer and head, starting at <see cref="AttentionFigure.Initial"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="figures"/> is empty or holds null.</exception>
    public static string RenderExplorer(IEnumerable<AttentionFigure> figures, string pageTitle = "Attention alignments")
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(pageTitle);
        var list = figures.ToList();
        if (list.Count == 0) throw new ArgumentException("No alignment figures to show.", nameof(figures));
        var body = new StringBuilder();
        bool explorers = false;
        for (int i = 0; i < list.Count; i++)
        {
            var figure = list[i] ?? throw new ArgumentException($"figures[{i}] is null.", nameof(figures));
            if (figure.Views.Count == 1)
            {
                body.Append(HtmlPage.AlignmentFigure(figure.Views[0].Matrix.WithTitle(figure.Title), i));
                continue;
            }
            body.Append(ExplorerFigure.Render(figure, i));
            explorers = true;
        }
        if (!explorers) return HtmlPage.Build(pageTitle, body.ToString());
        body.Append(ExplorerFigure.Palette());
        return HtmlPage.Build(pageTitle, body.ToString(), ExplorerFigure.Style, ExplorerFigure.PageScript);
    }

    /// <summary>Writes the page of <paramref name="matrices"/> to <paramref name="path"/> atomically (UTF-8).</summary>
    /// <exception cref="IOException">The folder is missing or not writable; the message names the path.</exception>
    public static void Write(string path, IEnumerable<AlignmentMatrix> matrices, string pageTitle = "Attention alignments") =>
        AtomicFile.WriteAllText(path, Render(matrices, pageTitle));

    /// <summary>Writes the page of <paramref name="figures"/> to <paramref name="path"/> atomically (UTF-8).</summary>
    /// <exception cref="IOException">The folder is missing or not writable; the message names the path.</exception>
    public static void WriteExplorer(string path, IEnumerable<AttentionFigure> figures, string pageTitle = "Attention alignments") =>
        AtomicFile.WriteAllText(path, RenderExplorer(figures, pageTitle));
}
