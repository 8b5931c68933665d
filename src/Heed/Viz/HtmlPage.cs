using System.Text;

namespace Heed.Viz;

/// <summary>The self-contained page shell shared by Heed's HTML reports: inline style and script, no external resources.</summary>
internal static class HtmlPage
{
    private const string Style = """
        body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;margin:24px;color:#111;background:#fff}
        h1{font-size:20px;margin:0 0 16px}
        h2{font-size:16px;margin:24px 0 8px}
        figure{margin:0 0 24px;display:inline-block;vertical-align:top}
        figcaption{font-size:13px;color:#333;min-height:1.4em;margin-top:4px}
        .readout{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:13px;color:#0b3d91;min-height:1.4em}
        table.summary{border-collapse:collapse;font-size:13px}
        table.summary td,table.summary th{border:1px solid #ccc;padding:3px 8px;text-align:left}
        """;

    // Shows the hovered cell's title text under its figure, so the weight is readable without waiting for a tooltip.
    private const string Script = """
        document.addEventListener('mouseover',function(e){
          var t=e.target;if(!t.classList||!t.classList.contains('cell'))return;
          var f=t.closest('figure');if(!f)return;var r=f.querySelector('.readout');if(!r)return;
          var title=t.querySelector('title');r.textContent=title?title.textContent:t.getAttribute('data-weight');
        });
        """;

    /// <summary>Wraps already-escaped body markup into a complete HTML5 document titled <paramref name="title"/> (escaped here).</summary>
    /// <param name="title">Page title and heading.</param>
    /// <param name="body">Body markup.</param>
    /// <param name="extraStyle">CSS added after the shared style (only pages that need it carry it).</param>
    /// <param name="extraScript">Script added after the shared one.</param>
    public static string Build(string title, string body, string extraStyle = "", string extraScript = "")
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<title>").Append(Markup.Escape(title)).Append("</title>\n")
          .Append("<style>\n").Append(Style).Append('\n').Append(extraStyle).Append(extraStyle.Length > 0 ? "\n" : "").Append("</style>\n</head>\n<body>\n")
          .Append("<h1>").Append(Markup.Escape(title)).Append("</h1>\n")
          .Append(body)
          .Append("<script>\n").Append(Script).Append('\n').Append(extraScript).Append(extraScript.Length > 0 ? "\n" : "").Append("</script>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>One alignment as a figure with id <c>alignment-{index}</c>: inline SVG (its title as caption) and a hover read-out line.</summary>
    public static string AlignmentFigure(AlignmentMatrix matrix, int index)
    {
        string svg = AlignmentSvg.Render(matrix, 28, idSuffix: index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return $"<figure class=\"alignment\" id=\"alignment-{index}\">\n{svg}<div class=\"readout\" aria-live=\"polite\">hover over a cell to read its weight</div>\n</figure>\n";
    }
}
