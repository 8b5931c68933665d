using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Heed.Demo;
using Spectre.Console;

namespace Heed.Cli.Commands;

/// <summary>
/// <c>heed demo [--task dates|reverse|copy|sort] [--out DIR] [--json] [--seed N] [--threads N]</c>: makes up a parallel
/// corpus, trains a small character-level attention model on it, prints held-out examples with the exact-match
/// accuracy, and writes alignment pictures into DIR. <c>--task sort-pointer|convex-hull|ntm-copy</c> train a pointer
/// network or a Neural Turing Machine instead, with their own options (<see cref="DemoModelTasks"/>).
/// </summary>
internal static class DemoCommand
{
    private const int TableRows = 12;

    public static Command Create() => Create(settings: null);

    /// <summary>The verb with fixed sizes for every task instead of each task's own (tests use tiny ones).</summary>
    internal static Command Create(DemoSettings? settings)
    {
        var task = new Option<string>("--task") { Description = $"What to learn: {string.Join(", ", DemoTask.Names.Concat(DemoModelTasks.Names))}.", DefaultValueFactory = _ => "dates" };
        var outDir = new Option<string>("--out") { Description = "Output folder (replaced on every run).", DefaultValueFactory = _ => "heed-demo" };
        var json = new Option<bool>("--json") { Description = "End with one JSON line: task, exact_match, seconds, out." };
        var seed = new Option<int>("--seed") { Description = "Seed for data, initialisation and batch order.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "Training threads (default: all cores)." };
        var command = new Command("demo", "Train a small attention model on a generated task in a few minutes and draw its alignments.");
        foreach (var o in new Option[] { task, outDir, json, seed, threads }) command.Options.Add(o);
        var modelTasks = new DemoModelTasks();
        modelTasks.AddTo(command);
        command.SetAction(parse => CliErrors.Guard(parse, "demo", (output, error) =>
        {
            int t = parse.GetValue(threads) ?? 0;
            if (parse.GetValue(threads) is int given && given < 1) throw new HeedInputException($"--threads {given}: must be at least 1.");
            string name = parse.GetValue(task)!;
            if (DemoModelTasks.Names.Contains(name))
                return modelTasks.Run(name, parse, parse.GetValue(outDir)!, parse.GetValue(seed), t, parse.GetValue(json), output);
            if (!DemoTask.Names.Contains(name))
                throw new HeedInputException($"--task '{name}' is not a demo task; choose one of: {string.Join(", ", DemoTask.Names.Concat(DemoModelTasks.Names))}.");
            var demoTask = DemoTask.Create(name);
            var clock = Stopwatch.StartNew();
            var run = new DemoRun(demoTask, parse.GetValue(outDir)!, parse.GetValue(seed), t, settings);
            var experiment = run.Prepare();
            output.WriteLine($"heed demo: {demoTask.Description}; {run.Settings.TrainPairs} generated training pairs, {run.Settings.TestPairs} held out; data in {Path.Combine(run.OutDir, "data")}");
            TrainCommand.Run(experiment, resume: false, output);
            var result = run.Evaluate(experiment);
            double seconds = clock.Elapsed.TotalSeconds;
            Print(result, seconds, output);
            if (parse.GetValue(json))
                output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["task"] = result.Task, ["exact_match"] = Math.Round(result.ExactMatch, 4), ["seconds"] = Math.Round(seconds, 1), ["out"] = result.OutDir,
                }));
            return 0;
        }));
        return command;
    }

    /// <summary>The examples table, the score and where the pictures are, through Spectre.Console (plain text when redirected).</summary>
    private static void Print(DemoResult result, double seconds, TextWriter output)
    {
        // Colour only on a terminal; a pipe or a test's writer gets plain text.
        var console = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? AnsiConsole.Console
            : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"held-out examples ({Math.Min(TableRows, result.Examples.Count)} of {result.Examples.Count})")
            .AddColumn("input").AddColumn("expected").AddColumn("model").AddColumn(new TableColumn("").Centered());
        foreach (var e in result.Examples.Take(TableRows))
            table.AddRow(Markup.Escape(e.Source), Markup.Escape(e.Expected),
                e.Correct ? $"[green]{Markup.Escape(e.Output.Text)}[/]" : $"[red]{Markup.Escape(e.Output.Text)}[/]",
                e.Correct ? "[green]ok[/]" : "[red]wrong[/]");
        console.Write(table);
        int right = result.Examples.Count(e => e.Correct);
        console.MarkupLine($"exact match: [bold]{(result.ExactMatch * 100).ToString("F1", CultureInfo.InvariantCulture)}%[/] ({right} of {result.Examples.Count} held-out pairs) in {seconds.ToString("F0", CultureInfo.InvariantCulture)} s");
        // Plain lines: paths must not be wrapped at the console width, so they stay copyable.
        output.WriteLine($"alignments: {Path.Combine(result.OutDir, "alignments.html")} (SVG and PNG in {Path.Combine(result.OutDir, "alignments")})");
        output.WriteLine($"learning curves: {Path.Combine(result.OutDir, "report.html")}");
    }
}
