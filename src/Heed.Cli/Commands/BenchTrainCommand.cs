using System.CommandLine;
using System.Globalization;
using Heed.Benchmarks;
using Heed.Config;

namespace Heed.Cli.Commands;

/// <summary><c>heed bench train --config FILE --batches N</c>: training throughput on batches built like the PyTorch peer's.</summary>
internal static class BenchTrainCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Experiment YAML (model, data, training sections).", Required = true };
        var batches = new Option<int>("--batches") { Description = "Timed batches (after one warm-up batch).", DefaultValueFactory = _ => 20 };
        var threads = new Option<int>("--threads") { Description = "Threads the engine may use.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of prose." };
        var profile = new Option<bool>("--profile") { Description = "Also print seconds per phase (encoder, attention, decoder cell, output and loss, backward, optimiser)." };
        var order = new Option<string>("--order")
        {
            Description = "Which batches: 'sorted' (a seeded sample sorted by length, as torch_bahdanau.py --fast) or 'file' (consecutive sentences in file order, as torch_transformer.py).",
            DefaultValueFactory = _ => "sorted",
        };
        order.AcceptOnlyFromAmong("sorted", "file");
        var command = new Command("train", "Target tokens/s, seconds per batch and peak memory of training steps.");
        foreach (var o in new Option[] { config, batches, threads, json, profile, order }) command.Options.Add(o);
        command.SetAction(parse => CliErrors.Guard(parse, "bench train", (output, error) =>
        {
            int t = parse.GetValue(threads);
            if (t < 1) throw new HeedInputException($"--threads {t}: must be at least 1.");
            var experiment = ExperimentConfig.Load(parse.GetValue(config)!);
            var data = BenchmarkData.Load(experiment);
            var r = TrainBenchmark.Run(experiment, data, parse.GetValue(batches), t, parse.GetValue(profile),
                fileOrder: parse.GetValue(order) == "file");
            var inv = CultureInfo.InvariantCulture;
            if (parse.GetValue(json))
            {
                string phases = string.Join(",", r.Phases.Select(p => string.Create(inv, $"\"{p.Key}\":{p.Value:F3}")));
                string head = string.Create(inv,
                    $"{{\"bench\":\"train\",\"threads\":{t},\"batches\":{r.Batches},\"tokens\":{r.Tokens},\"tokens_per_s\":{r.TokensPerSecond:F1},\"sec_per_batch\":{r.SecondsPerBatch:F4},\"peak_mb\":{r.PeakMegabytes:F0},\"params\":{r.Parameters},\"src_vocab\":{data.Source.Vocabulary.Count},\"trg_vocab\":{data.Target.Vocabulary.Count},\"loss\":{r.LastLoss:F4},\"cpu_s\":{r.CpuSeconds:F2},\"tokens_per_cpu_s\":{r.TokensPerCpuSecond:F1}");
                output.WriteLine(head + (r.Phases.Count > 0 ? $",\"phases\":{{{phases}}}" : "") + "}");
            }
            else
            {
                output.WriteLine(string.Create(inv,
                    $"train: params {r.Parameters:N0}, vocab {data.Source.Vocabulary.Count}/{data.Target.Vocabulary.Count}, {t} threads: {r.Batches} batches, {r.Tokens} target tokens, {r.Seconds:F2} s, {r.TokensPerSecond:F0} tok/s ({r.TokensPerCpuSecond:F0} per CPU-second), {r.SecondsPerBatch:F3} s/batch, peak {r.PeakMegabytes:F0} MB, last loss {r.LastLoss:F3}"));
                foreach (var (phase, seconds) in r.Phases.OrderByDescending(p => p.Value))
                    output.WriteLine(string.Create(inv, $"  {phase,-14} {seconds,8:F3} s"));
            }
            return 0;
        }));
        return command;
    }
}
