using System.Globalization;
using System.Xml.Linq;
using Heed.Viz;

namespace Heed.Tests.Viz;

public class AlignmentSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static List<XElement> Cells(XDocument doc) =>
        doc.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("class") == "cell").ToList();

    private static List<string> Labels(XDocument doc, string cls) =>
        doc.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == cls).Select(t => t.Value).ToList();

    [Fact]
    public void Example_HasOneCellPerWeight_AndEveryLabel()
    {
        var m = ExampleAlignment.Matrix();
        var doc = XDocument.Parse(AlignmentSvg.Render(m));
        Assert.Equal(14 * 15, Cells(doc).Count);
        Assert.Equal(ExampleAlignment.Source, Labels(doc, "source-label"));
        Assert.Equal(ExampleAlignment.Output, Labels(doc, "output-label"));
        Assert.Contains("économique", Labels(doc, "source-label"));
        Assert.Equal("French → English", doc.Descendants(Svg + "text").Single(t => (string?)t.Attribute("class") == "title").Value);
    }

    [Fact]
    public void CellsCarryTheirWeight_AndDarkestCellIsTheRowMaximum()
    {
        var m = ExampleAlignment.Matrix();
        float[][] w = ExampleAlignment.Weights();
        var cells = Cells(XDocument.Parse(AlignmentSvg.Render(m)));
        for (int r = 0; r < m.Rows; r++)
        {
            var row = cells.Where(c => (int)c.Attribute("data-row")! == r).ToList();
            foreach (var c in row)
            {
                int col = (int)c.Attribute("data-col")!;
                Assert.Equal(w[r][col], double.Parse((string)c.Attribute("data-weight")!, CultureInfo.InvariantCulture), 4);
                Assert.NotNull(c.Element(Svg + "title"));
            }
            // Naive argmax over the input weights, compared with the cell whose fill is least luminous.
            int expected = Array.IndexOf(w[r], w[r].Max());
            var darkest = row.MinBy(c => Luminance((string)c.Attribute("fill")!))!;
            Assert.Equal(expected, (int)darkest.Attribute("data-col")!);
        }
    }

    [Fact]
    public void TextNeedingEscapes_RoundTripsThroughAnXmlParser()
    {
        string[] src = ["<", "&", "économique", "\"q'", "a\u0001b"];
        var m = new AlignmentMatrix(src, ["x<y>&z", "日本"], new float[2, 5], "A & B <c>");
        string text = AlignmentSvg.Render(m);
        var doc = XDocument.Parse(text); // throws if anything was left unescaped
        Assert.Equal(["<", "&", "économique", "\"q'", "a\uFFFDb"], Labels(doc, "source-label"));
        Assert.Equal(["x<y>&z", "日本"], Labels(doc, "output-label"));
        Assert.Contains("&amp;", text);
        Assert.Contains("&lt;", text);
        Assert.Equal("x<y>&z \u2190 &: 0.0000", Cells(doc).Single(c => (string)c.Attribute("data-row")! == "0" && (string)c.Attribute("data-col")! == "1").Element(Svg + "title")!.Value);
    }

    [Fact]
    public void SizeGrowsWithLabelLength_SoLongLabelsAreNotClipped()
    {
        var shortDoc = XDocument.Parse(AlignmentSvg.Render(new AlignmentMatrix(["a"], ["b"], new float[1, 1])));
        var longDoc = XDocument.Parse(AlignmentSvg.Render(new AlignmentMatrix(["a-very-long-subword-token"], ["another-quite-long-output-token"], new float[1, 1])));
        double W(XDocument d) => double.Parse((string)d.Root!.Attribute("width")!, CultureInfo.InvariantCulture);
        double H(XDocument d) => double.Parse((string)d.Root!.Attribute("height")!, CultureInfo.InvariantCulture);
        Assert.True(W(longDoc) > W(shortDoc) + 150, $"{W(longDoc)} vs {W(shortDoc)}");
        Assert.True(H(longDoc) > H(shortDoc) + 100, $"{H(longDoc)} vs {H(shortDoc)}");
        // The first cell sits right of the longest row label's estimated width.
        var cell = Cells(longDoc).Single();
        Assert.True(double.Parse((string)cell.Attribute("x")!, CultureInfo.InvariantCulture) > 31 * 13 * 0.5);
    }

    [Fact]
    public void Legend_HasTicksFromZeroToOne()
    {
        var doc = XDocument.Parse(AlignmentSvg.Render(ExampleAlignment.Matrix()));
        var ticks = Labels(doc, "legend-tick");
        Assert.Equal(["0", "0.25", "0.5", "0.75", "1"], ticks);
    }

    private static double Luminance(string hex) => new Rgb(
        byte.Parse(hex.AsSpan(1, 2), NumberStyles.HexNumber),
        byte.Parse(hex.AsSpan(3, 2), NumberStyles.HexNumber),
        byte.Parse(hex.AsSpan(5, 2), NumberStyles.HexNumber)).Luminance();
}
