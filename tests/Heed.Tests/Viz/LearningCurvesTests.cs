using System.Xml.Linq;
using Heed.Viz;

namespace Heed.Tests.Viz;

public class LearningCurvesTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static MetricsLog Log() => MetricsLog.Parse(new StringReader("""
        {"step":100,"train_loss":4.0}
        {"step":200,"train_loss":3.0}
        {"step":300,"train_loss":2.5}
        {"step":300,"dev_loss":2.9,"dev_bleu":12.3,"dev_ppl":18.2}
        {"step":600,"train_loss":2.0}
        {"step":600,"dev_loss":2.6,"dev_bleu":15.0,"dev_ppl":13.5}
        """), "metrics.jsonl");

    [Fact]
    public void LossChart_DrawsTrainAndDevLines_WithTheirPointCounts()
    {
        var doc = XDocument.Parse(LearningCurves.LossChart(Log()));
        var series = doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "series").ToList();
        Assert.Equal(["train loss", "dev loss"], series.Select(s => (string)s.Attribute("data-name")!));
        int Points(XElement g) => ((string)g.Element(Svg + "polyline")!.Attribute("points")!).Split(' ').Length;
        Assert.Equal(4, Points(series[0]));
        Assert.Equal(2, Points(series[1]));
        // Loss spans 2.0..4.0: nice step 0.5 (raw 0.4 rounds up to 0.5), so ticks 2.0, 2.5, ..., 4.0.
        var yTicks = doc.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "y-tick").Select(t => t.Value);
        Assert.Equal(["2.0", "2.5", "3.0", "3.5", "4.0"], yTicks);
    }

    [Fact]
    public void BleuChart_StartsAtZero()
    {
        // BLEU 12.3..15.0 would get a 12..15 axis; BLEU's zero is meaningful, so the axis must reach it.
        var doc = XDocument.Parse(LearningCurves.BleuChart(Log()));
        var yTicks = doc.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "y-tick").Select(t => t.Value).ToList();
        Assert.Equal("0", yTicks[0]);
        Assert.Equal("dev BLEU", (string)doc.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "series").Attribute("data-name")!);
    }

    [Fact]
    public void LossChart_HigherLossIsDrawnHigherUp()
    {
        var doc = XDocument.Parse(LearningCurves.LossChart(Log()));
        string points = (string)doc.Descendants(Svg + "polyline").First().Attribute("points")!;
        double[] ys = points.Split(' ').Select(p => double.Parse(p.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        // Train loss falls 4.0 > 3.0 > 2.5 > 2.0, so SVG y (downwards) must rise.
        Assert.True(ys.Zip(ys.Skip(1)).All(p => p.First < p.Second), points);
    }

    [Fact]
    public void Report_EmbedsChartsAndAlignments_WithoutExternalResources()
    {
        string html = LearningCurves.Report(Log(), [ExampleAlignment.Matrix()]);
        HtmlChecks.AssertSelfContained(html);
        var svgs = HtmlChecks.InlineSvgs(html);
        Assert.Equal(4, svgs.Count); // loss, BLEU, perplexity (logged here), one alignment
        Assert.Contains("best dev BLEU</th><td>15 (step 600)", html);
    }

    [Fact]
    public void Report_FromFile_WritesAtomically()
    {
        string dir = Directory.CreateTempSubdirectory("heed-curves").FullName;
        string metrics = Path.Combine(dir, "metrics.jsonl");
        File.WriteAllText(metrics, "{\"step\":1,\"train_loss\":5}\n{\"step\":2,\"train_loss\":4}\n");
        string report = Path.Combine(dir, "report.html");
        LearningCurves.WriteReport(report, MetricsLog.Read(metrics));
        Assert.Equal(2, HtmlChecks.InlineSvgs(File.ReadAllText(report)).Count); // loss and BLEU charts; no perplexity logged
    }
}
