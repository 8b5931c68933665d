using System.Xml.Linq;
using Heed.Cli.Commands;
using Heed.Tests.Demo;
using Heed.Tests.Viz;

namespace Heed.Tests.Cli;

[Collection(TinyDemoCollection.Name)]
public class PlotCommandTests(TinyDemoModel tiny)
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Svg_HoldsLossAndBleuCharts_WithTheLoggedPoints()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("heed-plot").FullName, "curves.svg");
        var (exit, output, error) = DemoCommandTests.Run(PlotCommand.Create(), tiny.Result.ModelDir, "--out", file);
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Contains(file, output);
        var doc = XDocument.Load(file);
        var series = doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "series")
            .ToDictionary(g => (string)g.Attribute("data-name")!, g => g.Descendants(Svg + "circle").Count());
        // Expected counts from the tiny run's own settings: a train-loss line every 50 steps (log_every), one validation
        // at the last step (validate_every = steps).
        Assert.Equal(TinyDemoModel.Tiny.Steps / 50, series["train loss"]);
        Assert.Equal(1, series["dev loss"]);
        Assert.Equal(1, series["dev BLEU"]);

        // BLEU cannot exceed 100, so its axis must not run past it (a perfect score rounds to 100.00000000000004).
        var bleuChart = doc.Root!.Elements(Svg + "svg").Last();
        double topTick = bleuChart.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "y-tick")
            .Max(t => double.Parse(t.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(topTick, 0, 100);
    }

    [Fact]
    public void DefaultOut_IsAReportInTheModelDirectory()
    {
        var (exit, _, _) = DemoCommandTests.Run(PlotCommand.Create(), tiny.Result.ModelDir);
        Assert.Equal(0, exit);
        string html = File.ReadAllText(Path.Combine(tiny.Result.ModelDir, "report.html"));
        HtmlChecks.AssertSelfContained(html);
        // Loss, BLEU and perplexity: the trainer logs dev_ppl at every validation, so all three charts appear.
        Assert.Equal(3, HtmlChecks.InlineSvgs(html).Count(s => s.Root!.Attribute("class")?.Value == "line-chart"));
    }

    [Fact]
    public void MissingModelDir_OrMetrics_ExitNonZero()
    {
        string missing = Path.Combine(Path.GetTempPath(), "no-such-heed-model-" + Guid.NewGuid().ToString("N"));
        var (exit, _, error) = DemoCommandTests.Run(PlotCommand.Create(), missing);
        Assert.Equal(CliErrors.InputError, exit);
        Assert.Contains(missing, error);

        string empty = Directory.CreateTempSubdirectory("heed-plot-empty").FullName;
        var (exit2, _, error2) = DemoCommandTests.Run(PlotCommand.Create(), empty);
        Assert.Equal(CliErrors.InputError, exit2);
        Assert.Contains("metrics.jsonl", error2);
    }
}
