using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Heed.Viz;

namespace Heed.Tests.Viz;

/// <summary>The multi-view page as written (its behaviour in a browser is tested in Heed.Tests.Browser).</summary>
public class AlignmentExplorerTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Views_OnePerLayerAndHead_PlusTheAverage_WhichIsTheMeanOfTheHeads()
    {
        var maps = LayeredAttention.Maps(2, 3);
        var views = AttentionMaps.Views(AttentionKind.Cross, ["x", "y", "z"], ["p", "q"], maps);
        Assert.Equal(LayeredAttention.Layers * (LayeredAttention.Heads + 1), views.Count);
        Assert.Equal(maps[1][2][0][1], views.Single(v => v.Layer == 1 && v.Head == 2).Matrix[0, 1]);
        var avg = views.Single(v => v.Layer == 1 && v.Head is null).Matrix;
        // By hand: (a + b + c) / 3 of the three heads' cell.
        Assert.Equal((maps[1][0][1][2] + maps[1][1][1][2] + maps[1][2][1][2]) / 3, avg[1, 2], 6);
    }

    [Fact]
    public void Views_NameTheLayerAndHeadOfABadMap()
    {
        var maps = LayeredAttention.Maps(2, 3);
        maps[1][2][0] = [0.5f, 0.5f]; // one column short
        var e = Assert.Throws<ArgumentException>(() => AttentionMaps.Views(AttentionKind.Cross, ["x", "y", "z"], ["p", "q"], maps));
        Assert.Contains("maps[1][2]", e.Message);
    }

    [Fact]
    public void Figure_RejectsDuplicateViews_AndTokensThatDifferWithinAKind()
    {
        var m = ExampleAlignment.Matrix();
        var dup = Assert.Throws<ArgumentException>(() => new AttentionFigure(null,
            [new AttentionView(AttentionKind.Cross, 0, 1, m), new AttentionView(AttentionKind.Cross, 0, 1, m)]));
        Assert.Contains("cross-attention, layer 1, head 2", dup.Message);
        var other = new AlignmentMatrix(["a"], ["b"], [[1f]]);
        Assert.Throws<ArgumentException>(() => new AttentionFigure(null,
            [new AttentionView(AttentionKind.Cross, 0, 0, m), new AttentionView(AttentionKind.Cross, 1, 0, other)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AttentionView(AttentionKind.Cross, 0, -1, m));
        Assert.Throws<ArgumentException>(() => new AttentionFigure(null, []));
    }

    [Fact]
    public void Initial_IsCrossAttentionOfTheLastLayer_AveragedOverHeads()
    {
        var initial = LayeredAttention.Figure().Initial;
        Assert.Equal((AttentionKind.Cross, 1, (int?)null), (initial.Kind, initial.Layer, initial.Head));
    }

    [Fact]
    public void ExplorerPage_HasOneSvgPerKind_PickersAndEveryViewsWeights()
    {
        var figure = LayeredAttention.Figure();
        string html = AlignmentHtml.RenderExplorer([figure, AttentionFigure.Single(ExampleAlignment.Matrix())], "Explorer <test>");
        HtmlChecks.AssertSelfContained(html);
        var svgs = HtmlChecks.InlineSvgs(html);
        // cross (4x5), encoder self (5x5), decoder self (4x4), then the plain single-matrix figure (14x15).
        Assert.Equal([4 * 5, 5 * 5, 4 * 4, 14 * 15],
            svgs.Select(s => s.Descendants(Svg + "rect").Count(r => (string?)r.Attribute("class") == "cell")));
        Assert.Single(Regex.Matches(html, "class=\"alignment explorer\""));
        Assert.Contains("data-view=\"cross/1/avg\"", html);
        Assert.Equal(3, Regex.Matches(html, "<select class=\"pick-(kind|layer|head)\">").Count);
        Assert.Equal(2, Regex.Matches(html, " hidden>").Count); // only the initial kind is shown before the script runs

        var json = JsonDocument.Parse(Regex.Match(html, "<script type=\"application/json\" class=\"views\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value);
        var views = json.RootElement.GetProperty("views").EnumerateArray().ToList();
        Assert.Equal(figure.Views.Count, views.Count);
        for (int i = 0; i < views.Count; i++)
        {
            var m = figure.Views[i].Matrix;
            var weights = views[i].GetProperty("weights").EnumerateArray().Select(w => w.GetDouble()).ToArray();
            Assert.Equal(m.Rows * m.Columns, weights.Length);
            for (int k = 0; k < weights.Length; k++)
                Assert.Equal(Math.Round(m[k / m.Columns, k % m.Columns], 4), weights[k], 6);
        }
        var palette = JsonDocument.Parse(Regex.Match(html, "id=\"heed-weight-palette\">(.*?)</script>").Groups[1].Value)
            .RootElement.EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(256, palette.Length);
        Assert.Equal((WeightColors.For(0).ToHex(), WeightColors.For(0.2).ToHex(), WeightColors.For(1).ToHex()), (palette[0], palette[51], palette[^1])); // 51 / 255 = 0.2
    }

    [Fact]
    public void SingleViewFigures_GiveTodaysPage_WithoutPickersOrScriptData()
    {
        var m = ExampleAlignment.Matrix();
        string viaFigures = AlignmentHtml.RenderExplorer([AttentionFigure.Single(m)]);
        Assert.Equal(AlignmentHtml.Render([m]), viaFigures);
        Assert.DoesNotContain("explorer", viaFigures);
        Assert.DoesNotContain("heed-weight-palette", viaFigures);
    }
}
