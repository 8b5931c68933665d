using System.CommandLine;
using Heed.Io;
using Heed.Viz;

namespace Heed.Cli.Commands;

/// <summary>
/// <c>heed plot MODEL_DIR [--out FILE.html|.svg]</c>: learning curves (train loss, dev loss, dev BLEU over steps) from
/// the model directory's metrics.jsonl, as an HTML report (default MODEL_DIR/report.html) or one SVG picture.
/// </summary>
internal static class PlotCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model directory written by heed train or heed demo." };
        var output = new Option<string?>("--out") { Description = "File to write: .html (report) or .svg (charts). Default: MODEL_DIR/report.html." };
        var command = new Command("plot", "Draw the learning curves of a training run (train/dev loss, dev BLEU) as HTML or SVG.");
        command.Arguments.Add(model);
        command.Options.Add(output);
        command.SetAction(parse => CliErrors.Guard(parse, "plot", (stdout, error) =>
        {
            var dir = new ModelDirectory(parse.GetValue(model)!);
            if (!Directory.Exists(dir.Path)) throw new HeedInputException($"Model directory '{dir.Path}' does not exist.");
            string outPath = parse.GetValue(output) ?? Path.Combine(dir.Path, "report.html");
            string extension = Path.GetExtension(outPath).ToLowerInvariant();
            if (extension is not (".html" or ".htm" or ".svg"))
                throw new HeedInputException($"--out '{outPath}': the name must end in .html or .svg (it chooses the format).");
            AtomicFile.CheckWritable(outPath);
            var log = MetricsLog.Read(dir.MetricsFile);
            if (log.Entries.Count == 0) throw new HeedInputException($"'{dir.MetricsFile}' is empty: training has not logged anything yet.");
            if (extension == ".svg") AtomicFile.WriteAllText(outPath, LearningCurves.Svg(log));
            else LearningCurves.WriteReport(outPath, log, title: $"Training report: {dir.Path}");
            stdout.WriteLine($"wrote {outPath} ({log.Entries.Count} metric lines, last step {log.Entries.Max(e => e.Step)})");
            return 0;
        }));
        return command;
    }
}
