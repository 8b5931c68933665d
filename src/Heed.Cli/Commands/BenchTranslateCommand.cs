using System.CommandLine;
using System.Globalization;
using Heed.Benchmarks;
using Heed.Config;
using Heed.Data;
using Heed.Decoding;
using Heed.Io;
using Heed.Models;

namespace Heed.Cli.Commands;

/// <summary>
/// <c>heed bench translate (MODEL_DIR | --config FILE) --src FILE</c>: decoding throughput. With --config an untrained
/// model of that shape decodes every sentence to 50 tokens, the PyTorch peer's work.
/// </summary>
internal static class BenchTranslateCommand
{
    public static Command Create()
    {
        var model = new Argument<string?>("model") { Description = "A model directory written by heed train (or give --config).", Arity = ArgumentArity.ZeroOrOne };
        var config = new Option<string?>("--config") { Description = "Experiment YAML: decode with an untrained model of this shape, 50 tokens per sentence." };
        var src = new Option<string>("--src") { Description = "Source sentences, one per line (gzip allowed).", Required = true };
        var beam = new Option<int>("--beam") { Description = "Beam width (1 = greedy).", DefaultValueFactory = _ => 1 };
        var batchSize = new Option<int>("--batch-size") { Description = "Sentences decoded together.", DefaultValueFactory = _ => 128 };
        var threads = new Option<int>("--threads") { Description = "Threads the engine may use.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of prose." };
        var profile = new Option<bool>("--profile") { Description = "Also print seconds per phase (encoder, attention, decoder cell, output)." };
        var recompute = new Option<bool>("--recompute") { Description = "Transformer only: re-run the decoder over the whole prefix at every step instead of reading the key/value cache (the cache's baseline)." };
        var command = new Command("translate", "Sentences/s and decoded tokens/s of greedy or beam search.");
        command.Arguments.Add(model);
        foreach (var o in new Option[] { config, src, beam, batchSize, threads, json, profile, recompute }) command.Options.Add(o);
        command.SetAction(parse => CliErrors.Guard(parse, "bench translate", (output, error) =>
        {
            int t = parse.GetValue(threads), k = parse.GetValue(beam);
            if (t < 1) throw new HeedInputException($"--threads {t}: must be at least 1.");
            if (k < 1) throw new HeedInputException($"--beam {k}: must be at least 1.");
            string? dir = parse.GetValue(model), file = parse.GetValue(config);
            // An unknown option lands in the optional model argument; say so rather than complain about --config.
            if (dir is not null && dir.StartsWith('-')) throw new HeedInputException($"unknown option '{dir}' (see heed bench translate --help).");
            if (dir is null && file is null) throw new HeedInputException("give a model directory or --config FILE.");
            if (dir is not null && file is not null) throw new HeedInputException($"give a model directory or --config FILE, not both (got '{dir}' and --config '{file}').");
            var lines = TextLines.Read(parse.GetValue(src)!);
            IStepDecoder network;
            IReadOnlyList<int[]> sources;
            SearchOptions options;
            if (file is not null)
            {
                var experiment = ExperimentConfig.Load(file);
                var data = BenchmarkData.Load(experiment);
                network = EvalModel(ModelFactory.Create(experiment.Model, data.Source.Vocabulary.Count, data.Target.Vocabulary.Count, experiment.Training.Seed));
                sources = lines.Select(l => data.Source.Encode(l, bos: true)).ToList(); // BOS as the peer adds it
                options = TranslateBenchmark.FixedLength(k);
            }
            else
            {
                var (experiment, source, _, trained) = new ModelDirectory(dir!).Load();
                network = EvalModel(trained);
                sources = lines.Select(l => source.Encode(l, bos: false)).ToList();
                options = new SearchOptions(Beam: k, Alpha: experiment.Decoding.Alpha, MaxLengthRatio: experiment.Decoding.MaxLengthRatio);
            }
            var r = TranslateBenchmark.Run(network, sources, options, parse.GetValue(batchSize), t, parse.GetValue(profile),
                recomputePrefix: parse.GetValue(recompute));
            var inv = CultureInfo.InvariantCulture;
            output.WriteLine(parse.GetValue(json)
                ? string.Create(inv, $"{{\"bench\":\"translate\",\"threads\":{t},\"beam\":{k},\"sentences\":{r.Sentences},\"tokens\":{r.Tokens},\"sentences_per_s\":{r.SentencesPerSecond:F2},\"tokens_per_s\":{r.TokensPerSecond:F1},\"peak_mb\":{r.PeakMegabytes:F0},\"cpu_s\":{r.CpuSeconds:F2},\"tokens_per_cpu_s\":{r.TokensPerCpuSecond:F1}}}")
                : string.Create(inv, $"translate: beam {k}, {t} threads: {r.Sentences} sentences, {r.Tokens} tokens decoded, {r.Seconds:F2} s, {r.SentencesPerSecond:F1} sent/s, {r.TokensPerSecond:F0} tok/s ({r.TokensPerCpuSecond:F0} per CPU-second), peak {r.PeakMegabytes:F0} MB"));
            foreach (var (phase, seconds) in r.Phases.OrderByDescending(p => p.Value))
                output.WriteLine(string.Create(inv, $"  {phase,-14} {seconds,8:F3} s"));
            return 0;
        }));
        return command;
    }

    private static Seq2SeqModel EvalModel(Seq2SeqModel model)
    {
        model.Eval();
        return model;
    }
}
