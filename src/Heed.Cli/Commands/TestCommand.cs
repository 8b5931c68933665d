using System.CommandLine;
using System.Text.Json;
using Heed.Io;
using Heed.Metrics;
using Heed.Translation;

namespace Heed.Cli.Commands;

/// <summary><c>heed test MODEL_DIR --src FILE --ref FILE [--beam K] [--json]</c>: translate a test set and score it.</summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model directory written by heed train." };
        var src = new Option<string>("--src") { Description = "Source sentences, one per line (.gz read transparently)." };
        var reference = new Option<string>("--ref") { Description = "Reference translations, line for line." };
        var output = new Option<string?>("--output") { Description = "Also write the translations to this file." };
        var lowercase = new Option<bool?>("--lowercase") { Description = "Case-insensitive BLEU/chrF. Default: the model's data.lowercase." };
        var json = new Option<bool>("--json") { Description = "End with one JSON line: bleu, chrf, signature, …" };
        var (beam, alpha, batch, nbest, unk) = DecodingOptions.Create();
        var command = new Command("test", "Translate a test set and print BLEU and chrF (sacreBLEU's numbers).");
        command.Arguments.Add(model);
        foreach (var o in new Option[] { src, reference, output, lowercase, json, beam, alpha, batch, nbest, unk }) command.Options.Add(o);
        command.SetAction(parse => CliErrors.Guard(parse, "test", (stdout, error) =>
        {
            string srcPath = parse.GetValue(src) ?? throw new HeedInputException("--src FILE is required.");
            string refPath = parse.GetValue(reference) ?? throw new HeedInputException("--ref FILE is required.");
            var sources = TextLines.Read(srcPath);
            var references = TextLines.Read(refPath);
            if (sources.Length != references.Length)
                throw new HeedInputException($"'{srcPath}' has {sources.Length} lines but '{refPath}' has {references.Length}; they must match line for line.");
            if (sources.Length == 0) throw new HeedInputException($"'{srcPath}' has no lines; there is nothing to test.");
            if (parse.GetValue(output) is string outFile) AtomicFile.CheckWritable(outFile); // before the translation it would hold
            var (config, source, target, network) = new ModelDirectory(parse.GetValue(model)!).Load();
            var options = DecodingOptions.Read(parse, config, beam, alpha, nbest);
            int batchSize = DecodingOptions.ReadBatchSize(parse, config, batch);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var hyps = new Translator(network, source, target, config.Data.MaxLength)
                .Translate(sources, options, batchSize, parse.GetValue(unk) || config.Decoding.ReplaceUnk,
                    warn: w => error.WriteLine($"heed test: warning: {w}"))
                .Select(t => t.Text).ToList();
            double seconds = clock.Elapsed.TotalSeconds;
            if (parse.GetValue(output) is string outPath) AtomicFile.WriteAllText(outPath, string.Join("\n", hyps) + "\n");
            bool lc = parse.GetValue(lowercase) ?? config.Data.Lowercase;
            var bleu = new Bleu(lc).CorpusScore(hyps, references);
            var chrf = new ChrF(lc).CorpusScore(hyps, references);
            stdout.WriteLine(bleu.ToString());
            stdout.WriteLine($"  signature: {bleu.Signature}");
            stdout.WriteLine($"chrF2 = {chrf.Score:F2}");
            stdout.WriteLine($"  {sources.Length} sentences in {seconds:F1} s, beam {options.Beam}, alpha {options.Alpha}");
            if (parse.GetValue(json))
                stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["bleu"] = Math.Round(bleu.Score, 2), ["chrf"] = Math.Round(chrf.Score, 2), ["signature"] = bleu.Signature,
                    ["beam"] = options.Beam, ["sentences"] = sources.Length, ["seconds"] = Math.Round(seconds, 2),
                }));
            return 0;
        }));
        return command;
    }
}
