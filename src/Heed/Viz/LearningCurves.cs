using System.Globalization;
using System.Text;
using Heed.Io;

namespace Heed.Viz;

/// <summary>
/// Charts of a training run read from metrics.jsonl (<see cref="MetricsLog"/>): loss (train and dev) and dev BLEU over
/// steps, dev perplexity when logged, and an HTML report that embeds them with optional alignment pictures.
/// </summary>
internal static class LearningCurves
{
    private const int ChartWidth = 640;
    private const int ChartHeight = 360;

    /// <summary>SVG chart of train_loss and dev_loss against step.</summary>
    public static string LossChart(MetricsLog log) => Chart(log, "Loss", "loss", false, ("train loss", "train_loss"), ("dev loss", "dev_loss"));

    /// <summary>SVG chart of dev_bleu against step.</summary>
    public static string BleuChart(MetricsLog log) => Chart(log, "Dev BLEU", "BLEU", true, ("dev BLEU", "dev_bleu"), ceiling: 100);

    /// <summary>SVG chart of dev_ppl against step.</summary>
    public static string PerplexityChart(MetricsLog log) => Chart(log, "Dev perplexity", "perplexity", false, ("dev perplexity", "dev_ppl"));

    /// <summary>
    /// One SVG document with the loss chart above the BLEU chart, for places that take a single picture.
    /// </summary>
    public static string Svg(MetricsLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        string loss = LossChart(log), bleu = BleuChart(log);
        // Nested <svg> elements keep each chart's own coordinates; the second is moved down by one chart height.
        string lower = $"<svg y=\"{ChartHeight}\" " + bleu["<svg ".Length..];
        return $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{ChartWidth}\" height=\"{2 * ChartHeight}\" viewBox=\"0 0 {ChartWidth} {2 * ChartHeight}\">\n{loss}{lower}</svg>\n";
    }

    /// <summary>
    /// A self-contained HTML report: a summary table, the loss and BLEU charts (perplexity too when logged) and,
    /// when given, alignment pictures with hover read-out.
    /// </summary>
    public static string Report(MetricsLog log, IEnumerable<AlignmentMatrix>? alignments = null, string title = "Heed training report")
    {
        ArgumentNullException.ThrowIfNull(log);
        var body = new StringBuilder();
        body.Append(Summary(log));
        body.Append("<h2>Learning curves</h2>\n<figure class=\"chart\">\n").Append(LossChart(log)).Append("</figure>\n")
            .Append("<figure class=\"chart\">\n").Append(BleuChart(log)).Append("</figure>\n");
        if (log.Has("dev_ppl"))
            body.Append("<figure class=\"chart\">\n").Append(PerplexityChart(log)).Append("</figure>\n");
        var list = alignments?.ToList() ?? [];
        if (list.Count > 0)
        {
            body.Append("<h2>Alignments</h2>\n");
            for (int i = 0; i < list.Count; i++)
                body.Append(HtmlPage.AlignmentFigure(list[i], i));
        }
        return HtmlPage.Build(title, body.ToString());
    }

    /// <summary>Writes <see cref="Report"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteReport(string path, MetricsLog log, IEnumerable<AlignmentMatrix>? alignments = null, string title = "Heed training report") =>
        AtomicFile.WriteAllText(path, Report(log, alignments, title));

    private static string Chart(MetricsLog log, string title, string yLabel, bool includeZero, (string Name, string Key) first,
        (string Name, string Key)? second = null, double? ceiling = null)
    {
        var metrics = second is { } s ? new[] { first, s } : new[] { first };
        ArgumentNullException.ThrowIfNull(log);
        var series = metrics.Select(m => { var (x, y) = log.Series(m.Key); return new ChartSeries(m.Name, x, y); }).ToList();
        // Every chart starts at step 0, so loss and BLEU line up one above the other.
        return LineChartSvg.Render(title, "step", yLabel, series, ChartWidth, ChartHeight, includeZero, ceiling, xStart: 0);
    }

    private static string Summary(MetricsLog log)
    {
        // Three decimals read well for losses near 1, but a converged loss of 0.0002 must not show as "0".
        static string F(double v) => v != 0 && Math.Abs(v) < 0.01
            ? v.ToString("0.##E+0", CultureInfo.InvariantCulture)
            : v.ToString("0.###", CultureInfo.InvariantCulture);
        var rows = new List<(string, string)> { ("lines", log.Entries.Count.ToString(CultureInfo.InvariantCulture)) };
        if (log.Entries.Count > 0) rows.Add(("last step", log.Entries.Max(e => e.Step).ToString(CultureInfo.InvariantCulture)));
        var (trainSteps, train) = log.Series("train_loss");
        if (train.Length > 0) rows.Add(("last train loss", $"{F(train[^1])} (step {F(trainSteps[^1])})"));
        var (devSteps, devLoss) = log.Series("dev_loss");
        if (devLoss.Length > 0)
        {
            int best = Array.IndexOf(devLoss, devLoss.Min());
            rows.Add(("best dev loss", $"{F(devLoss[best])} (step {F(devSteps[best])})"));
        }
        var (bleuSteps, bleu) = log.Series("dev_bleu");
        if (bleu.Length > 0)
        {
            int best = Array.IndexOf(bleu, bleu.Max());
            rows.Add(("best dev BLEU", $"{F(bleu[best])} (step {F(bleuSteps[best])})"));
        }
        var sb = new StringBuilder("<table class=\"summary\">\n");
        foreach (var (k, v) in rows)
            sb.Append($"<tr><th>{Markup.Escape(k)}</th><td>{Markup.Escape(v)}</td></tr>\n");
        return sb.Append("</table>\n").ToString();
    }
}
