using System.CommandLine;
using Heed.Decoding;
using Heed.Io;
using Heed.Translation;
using Heed.Viz;

namespace Heed.Cli.Commands;

/// <summary>
/// <c>heed align MODEL_DIR (--sentence TEXT | --src FILE) [--out FILE.svg|.html|.png] [--beam K]</c>: translates and
/// draws each sentence's alignment matrix (source tokens across the top, output tokens down the side). Many sentences
/// go into one HTML page, or into numbered files (NAME-1.svg, NAME-2.svg, …) for .svg and .png.
/// </summary>
internal static class AlignCommand
{
    private static readonly string[] Extensions = [".svg", ".html", ".htm", ".png"];

    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model directory written by heed train or heed demo." };
        var sentence = new Option<string?>("--sentence") { Description = "One source sentence." };
        var src = new Option<string?>("--src") { Description = "A file of source sentences, one per line." };
        var output = new Option<string>("--out") { Description = "Picture to write: .svg, .html or .png.", DefaultValueFactory = _ => "alignment.html" };
        var beam = new Option<int?>("--beam") { Description = "Beam width (1 = greedy). Default: decoding.beam of the model's config." };
        var command = new Command("align", "Translate and draw the attention weights as an alignment matrix (SVG, HTML or PNG).");
        command.Arguments.Add(model);
        foreach (var o in new Option[] { sentence, src, output, beam }) command.Options.Add(o);
        command.SetAction(parse => CliErrors.Guard(parse, "align", (stdout, error) =>
        {
            string outPath = parse.GetValue(output)!;
            string extension = Path.GetExtension(outPath).ToLowerInvariant();
            if (!Extensions.Contains(extension))
                throw new HeedInputException($"--out '{outPath}': the name must end in .svg, .html or .png (it chooses the picture format).");
            var sentences = Sentences(parse.GetValue(sentence), parse.GetValue(src));
            AtomicFile.CheckWritable(outPath); // before translating, which a missing folder would waste
            var (config, source, target, network) = new ModelDirectory(parse.GetValue(model)!).Load();
            int k = parse.GetValue(beam) ?? config.Decoding.Beam;
            DecodingOptions.CheckBeam(k);
            var options = new SearchOptions(Beam: k, Alpha: config.Decoding.Alpha, MaxLengthRatio: config.Decoding.MaxLengthRatio);
            var translations = new Translator(network, source, target, config.Data.MaxLength)
                .Translate(sentences, options, config.Decoding.BatchSize, warn: w => error.WriteLine($"heed align: warning: {w}"));
            var matrices = translations.Select((t, i) => TranslationAlignment.Matrix(t, sentences[i])).ToList();
            for (int i = 0; i < sentences.Count; i++) stdout.WriteLine($"{sentences[i]} \u2192 {translations[i].Text}");
            foreach (string written in Write(outPath, extension, matrices, w => error.WriteLine($"heed align: warning: {w}"))) stdout.WriteLine($"wrote {written}");
            return 0;
        }));
        return command;
    }

    private static IReadOnlyList<string> Sentences(string? sentence, string? file)
    {
        if ((sentence is null) == (file is null))
            throw new HeedInputException("Give either --sentence TEXT or --src FILE (exactly one).");
        if (sentence is not null)
            return string.IsNullOrWhiteSpace(sentence) ? throw new HeedInputException("--sentence is empty; there is nothing to align.") : [sentence];
        var lines = TextLines.Read(file!).Where(l => !string.IsNullOrWhiteSpace(l)).ToArray();
        return lines.Length > 0 ? lines : throw new HeedInputException($"'{file}' holds no sentences (only empty lines).");
    }

    /// <summary>Writes the pictures and returns their paths: one file, or numbered files for several SVG/PNG pictures.</summary>
    private static IEnumerable<string> Write(string path, string extension, IReadOnlyList<AlignmentMatrix> matrices, Action<string> warn)
    {
        if (extension is ".html" or ".htm")
        {
            AlignmentHtml.Write(path, matrices, "Attention alignments (\u2581 is a space in character models, </s> the end)");
            yield return path;
            yield break;
        }
        for (int i = 0; i < matrices.Count; i++)
        {
            string file = matrices.Count == 1 ? path
                : Path.Combine(Path.GetDirectoryName(path) ?? "", $"{Path.GetFileNameWithoutExtension(path)}-{i + 1}{extension}");
            if (extension == ".png") AlignmentPng.Write(file, matrices[i], warn: warn);
            else AlignmentSvg.Write(file, matrices[i]);
            yield return file;
        }
    }
}
