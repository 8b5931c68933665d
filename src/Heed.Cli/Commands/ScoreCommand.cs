using System.CommandLine;
using System.Text.Json;
using Heed.Io;
using Heed.Metrics;

namespace Heed.Cli.Commands;

/// <summary>
/// <c>heed score --hyp FILE --ref FILE [--ref FILE…] [--lowercase] [--json]</c>: corpus BLEU and chrF2 with
/// sacreBLEU 2.6.0's default numbers. Exit 0 on success, 2 on usage or input errors (message on stderr).
/// </summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var hyp = new Option<string>("--hyp") { Description = "Hypotheses, one segment per line (UTF-8; .gz is read transparently)." };
        var refs = new Option<string[]>("--ref")
        {
            Description = "References, one segment per line, as many lines as --hyp; repeat for several references.",
            AllowMultipleArgumentsPerToken = true,
        };
        var lowercase = new Option<bool>("--lowercase") { Description = "Lowercase both sides first (sacreBLEU -lc)." };
        var json = new Option<bool>("--json") { Description = "End with one JSON line holding every number and both signatures." };

        var command = new Command("score", "Corpus BLEU and chrF2 of a translation, matching sacreBLEU 2.6.0's defaults.");
        command.Options.Add(hyp);
        command.Options.Add(refs);
        command.Options.Add(lowercase);
        command.Options.Add(json);
        command.SetAction(parseResult => CliErrors.Guard(parseResult, "score", (output, error) =>
        {
            string? hypPath = parseResult.GetValue(hyp);
            string[] refPaths = parseResult.GetValue(refs) ?? [];
            if (string.IsNullOrEmpty(hypPath) || refPaths.Length == 0)
                throw new HeedInputException("both --hyp FILE and --ref FILE are required.");
            Run(hypPath, refPaths, parseResult.GetValue(lowercase), parseResult.GetValue(json), output);
            return 0;
        }));
        return command;
    }

    private static void Run(string hypPath, string[] refPaths, bool lowercase, bool json, TextWriter output)
    {
        string[] hypotheses = TextLines.Read(hypPath);
        var references = new List<IReadOnlyList<string>>();
        foreach (string path in refPaths)
        {
            string[] lines = TextLines.Read(path);
            if (lines.Length != hypotheses.Length)
                throw new HeedInputException(
                    $"'{hypPath}' has {hypotheses.Length} lines but '{path}' has {lines.Length}; they must match line for line.");
            references.Add(lines);
        }
        if (hypotheses.Length == 0)
            throw new HeedInputException($"'{hypPath}' has no lines; there is nothing to score.");
        // sacreBLEU refuses a segment whose references are all empty; say where, since the metric cannot name files.
        for (int i = 0; i < hypotheses.Length; i++)
            if (references.All(r => r[i].Length == 0))
                throw new HeedInputException(
                    $"{string.Join(", ", refPaths.Select(p => $"'{p}'"))} line {i + 1}: empty reference (sacreBLEU rejects empty references).");

        BleuScore bleu = new Bleu(lowercase).CorpusScore(hypotheses, references);
        ChrFScore chrf = new ChrF(lowercase).CorpusScore(hypotheses, references);
        output.WriteLine(bleu.ToString());
        output.WriteLine($"  signature: {bleu.Signature}");
        output.WriteLine(chrf.ToString());
        output.WriteLine($"  signature: {chrf.Signature}");
        if (json)
            output.WriteLine(ToJson(bleu, chrf));
    }

    private static string ToJson(BleuScore bleu, ChrFScore chrf)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("bleu", bleu.Score);
            w.WriteNumber("chrf", chrf.Score);
            w.WriteString("signature", bleu.Signature);
            w.WriteString("chrf_signature", chrf.Signature);
            w.WriteStartArray("counts");
            foreach (long c in bleu.Counts) w.WriteNumberValue(c);
            w.WriteEndArray();
            w.WriteStartArray("totals");
            foreach (long t in bleu.Totals) w.WriteNumberValue(t);
            w.WriteEndArray();
            w.WriteStartArray("precisions");
            foreach (double p in bleu.Precisions) w.WriteNumberValue(p);
            w.WriteEndArray();
            w.WriteNumber("bp", bleu.BrevityPenalty);
            w.WriteNumber("sys_len", bleu.SysLen);
            w.WriteNumber("ref_len", bleu.RefLen);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
