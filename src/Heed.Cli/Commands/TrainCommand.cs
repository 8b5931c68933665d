using System.CommandLine;
using Heed.Config;
using Heed.Training;
using Spectre.Console;

namespace Heed.Cli.Commands;

/// <summary><c>heed train CONFIG.yaml [--resume]</c>: trains the model a config describes, into its training.model_dir.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var config = new Argument<string>("config") { Description = "The experiment's YAML file (sections data, model, training, decoding)." };
        var resume = new Option<bool>("--resume") { Description = "Continue from last.safetensors in the model directory." };
        var threads = new Option<int?>("--threads") { Description = "Override training.threads." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Start again in a model directory that already holds a training (its checkpoints and metrics are replaced)." };
        var command = new Command("train", "Train an attention-based translation model from a config file.");
        command.Arguments.Add(config);
        command.Options.Add(resume);
        command.Options.Add(threads);
        command.Options.Add(overwrite);
        command.SetAction(parse => CliErrors.Guard(parse, "train", (output, error) =>
        {
            var experiment = ExperimentConfig.Load(parse.GetValue(config)!);
            if (parse.GetValue(threads) is int t)
            {
                if (t is < 1 or > 1024) throw new HeedInputException($"--threads {t}: must be between 1 and 1024 (as training.threads); the machine has {Environment.ProcessorCount} cores.");
                experiment = experiment with { Training = experiment.Training with { Threads = t } };
            }
            var directory = new Heed.Io.ModelDirectory(experiment.Training.ModelDir);
            if (parse.GetValue(resume) && parse.GetValue(overwrite))
                throw new HeedInputException("--resume continues a training and --overwrite starts it again: give one of them.");
            if (Directory.Exists(directory.Path)) Heed.Io.ModelDirectoryLock.ThrowIfHeld(directory.Path);
            if (!parse.GetValue(resume) && !parse.GetValue(overwrite) && directory.HasCheckpoint)
                throw new HeedInputException($"'{directory.Path}' already holds a training (its checkpoints would be replaced). Continue it with --resume, start it again with --overwrite, or set training.model_dir to another folder.");
            using var interrupt = InterruptSignal.Listen(notice => error.WriteLine($"heed train: {notice}"));
            var result = Run(experiment, parse.GetValue(resume), output, interrupt.Token);
            output.WriteLine($"trained {result.Steps} steps in {result.Elapsed.TotalMinutes:F1} min; best dev BLEU {result.BestDevBleu:F2}; model in {result.ModelDir}");
            return 0;
        }));
        return command;
    }

    /// <summary>With a terminal, a progress bar and log lines above it; otherwise log lines only.</summary>
    internal static TrainingResult Run(ExperimentConfig experiment, bool resume, TextWriter output, CancellationToken cancel = default)
    {
        bool interactive = !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out) && AnsiConsole.Profile.Capabilities.Interactive;
        if (!interactive)
            return new Trainer(experiment, line => output.WriteLine(line)).Run(resume, cancel);

        TrainingResult? result = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("training", maxValue: 1);
                var trainer = new Trainer(experiment, line => AnsiConsole.MarkupLine(Markup.Escape(line)))
                {
                    OnProgress = p =>
                    {
                        task.MaxValue = Math.Max(1, p.TotalSteps);
                        task.Value = p.Step;
                        task.Description = Markup.Escape($"epoch {p.Epoch}/{p.Epochs} loss {p.Loss:F3} {p.TokensPerSecond:F0} tok/s" +
                            (p.LastDevBleu is double b ? $" BLEU {b:F1}" : ""));
                    },
                };
                result = trainer.Run(resume, cancel);
            });
        return result!;
    }
}
