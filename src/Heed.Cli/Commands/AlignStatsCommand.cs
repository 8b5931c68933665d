using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Heed.Attention;
using Heed.Decoding;
using Heed.Io;
using Heed.Translation;

namespace Heed.Cli.Commands;

/// <summary>
/// <c>heed align-stats MODEL_DIR --src FILE [--beam K] [--json]</c>: translates the sentences as <c>heed align</c> does and
/// reports how sharp the attention was over all their output steps (<see cref="AlignmentSharpness"/>): mean entropy and
/// mean share of the top source position. The numbers behind a picture, for comparing mechanisms (bench/shootout.sh).
/// </summary>
internal static class AlignStatsCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model directory written by heed train." };
        var src = new Option<string>("--src") { Description = "Source sentences, one per line (.gz read transparently).", Required = true };
        var beam = new Option<int?>("--beam") { Description = "Beam width (1 = greedy). Default: decoding.beam of the model's config." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of prose." };
        var command = new Command("align-stats", "Translate and measure how sharp the attention is: mean entropy and top-position share of the weights.");
        command.Arguments.Add(model);
        foreach (var o in new Option[] { src, beam, json }) command.Options.Add(o);
        command.SetAction(parse => CliErrors.Guard(parse, "align-stats", (stdout, error) =>
        {
            string file = parse.GetValue(src)!;
            var sentences = TextLines.Read(file).Where(l => !string.IsNullOrWhiteSpace(l)).ToArray();
            if (sentences.Length == 0) throw new HeedInputException($"'{file}' holds no sentences (only empty lines).");
            var (config, source, target, network) = new ModelDirectory(parse.GetValue(model)!).Load();
            int k = parse.GetValue(beam) ?? config.Decoding.Beam;
            if (k < 1) throw new HeedInputException($"--beam {k}: must be at least 1.");
            var options = new SearchOptions(Beam: k, Alpha: config.Decoding.Alpha, MaxLengthRatio: config.Decoding.MaxLengthRatio);
            var translations = new Translator(network, source, target, config.Data.MaxLength)
                .Translate(sentences, options, config.Decoding.BatchSize, warn: w => error.WriteLine($"heed align-stats: warning: {w}"));
            var s = AlignmentSharpness.Of(translations.SelectMany(t => t.Attention));
            var inv = CultureInfo.InvariantCulture;
            stdout.WriteLine(parse.GetValue(json)
                ? JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["sentences"] = sentences.Length, ["rows"] = s.Rows, ["beam"] = k,
                    ["mean_entropy"] = Math.Round(s.MeanEntropy, 4), ["mean_top_share"] = Math.Round(s.MeanTopShare, 4),
                    ["mean_uniform_entropy"] = Math.Round(s.MeanUniformEntropy, 4),
                })
                : string.Create(inv, $"{sentences.Length} sentences, {s.Rows} output steps (beam {k}): mean attention entropy {s.MeanEntropy:F3} nats (uniform rows: {s.MeanUniformEntropy:F3}), mean top-position share {s.MeanTopShare:F3}"));
            return 0;
        }));
        return command;
    }
}
