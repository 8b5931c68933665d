using System.Xml.Linq;
using Heed.Viz;

namespace Heed.Tests.Viz;

public class AlignmentHtmlTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void ManyMatrices_OneSelfContainedPage_WithDistinctGradientIds()
    {
        var small = new AlignmentMatrix(["<b>", "&"], ["x"], [[0.3f, 0.7f]], "second & last");
        string html = AlignmentHtml.Render([ExampleAlignment.Matrix(), small], "Alignments <dev>");
        HtmlChecks.AssertSelfContained(html);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<title>Alignments &lt;dev&gt;</title>", html);
        var svgs = HtmlChecks.InlineSvgs(html);
        Assert.Equal(2, svgs.Count);
        Assert.Equal(14 * 15, svgs[0].Descendants(Svg + "rect").Count(r => (string?)r.Attribute("class") == "cell"));
        Assert.Equal(2, svgs[1].Descendants(Svg + "rect").Count(r => (string?)r.Attribute("class") == "cell"));
        var ids = svgs.SelectMany(s => s.Descendants(Svg + "linearGradient")).Select(g => (string)g.Attribute("id")!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        // Hover read-out: one slot per figure plus the script that fills it.
        Assert.Equal(2, html.Split("class=\"readout\"").Length - 1);
        Assert.Contains("mouseover", html);
    }

    [Fact]
    public void NoMatrices_IsAnError()
    {
        Assert.Throws<ArgumentException>(() => AlignmentHtml.Render([]));
    }
}
