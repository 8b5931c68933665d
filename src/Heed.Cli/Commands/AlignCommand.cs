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
        var self = new Option<bool>("--self") { Description = "Transformer: also draw the encoder's and the decoder's self-attention (HTML: selectable; SVG/PNG: NAME.encoder-self and NAME.decoder-self files)." };
        var layer = new Option<int?>("--layer") { Description = "Transformer, SVG/PNG: the layer to draw, from 1. Default: the last. (HTML holds every layer.)" };
        var head = new Option<string?>("--head") { Description = "Transformer, SVG/PNG: the head to draw, from 1, or 'average'. Default: average. (HTML holds every head.)" };
        var command = new Command("align", "Translate and draw the attention weights as an alignment matrix (SVG, HTML or PNG); a Transformer's every layer and head.");
        command.Arguments.Add(model);
        foreach (var o in new Option[] { sentence, src, output, beam, self, layer, head }) command.Options.Add(o);
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
            bool withSelf = parse.GetValue(self);
            var figures = translations.Select((t, i) => TranslationFigure.Of(network, source, target, t, sentences[i], withSelf)).ToList();
            bool layered = figures.Any(f => f.Views.Count > 1);
            int? chosenLayer = parse.GetValue(layer);
            string? chosenHead = parse.GetValue(head);
            if (!layered && (withSelf || chosenLayer is not null || chosenHead is not null))
                throw new HeedInputException($"--self, --layer and --head are for models with layers of attention heads (model.type: transformer); this model is model.type {config.Model.Type}, with one attention.");
            for (int i = 0; i < sentences.Count; i++) stdout.WriteLine($"{sentences[i]} \u2192 {translations[i].Text}");
            Action<string> warn = w => error.WriteLine($"heed align: warning: {w}");
            var written = extension is ".html" or ".htm"
                ? WriteHtml(outPath, figures)
                : WritePictures(outPath, extension, figures, chosenLayer, chosenHead, withSelf, warn);
            foreach (string file in written) stdout.WriteLine($"wrote {file}");
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

    private static IEnumerable<string> WriteHtml(string path, IReadOnlyList<AttentionFigure> figures)
    {
        AlignmentHtml.WriteExplorer(path, figures, "Attention alignments (\u2581 is a space in character models, </s> the end)");
        return [path];
    }

    /// <summary>
    /// Writes one picture per sentence (numbered NAME-1, NAME-2, … when there are several) of the chosen view — for a
    /// Transformer the cross-attention of <paramref name="layer"/> (default the last) and <paramref name="head"/>
    /// (default their average), plus, with <paramref name="self"/>, the same layer's and head's encoder and decoder
    /// self-attention beside it — and returns the paths.
    /// </summary>
    private static List<string> WritePictures(string path, string extension, IReadOnlyList<AttentionFigure> figures,
        int? layer, string? head, bool self, Action<string> warn)
    {
        int? headIndex = head is null || head.Equals("average", StringComparison.OrdinalIgnoreCase) ? null
            : int.TryParse(head, System.Globalization.CultureInfo.InvariantCulture, out int h) && h >= 1 ? h - 1
            : throw new HeedInputException($"--head '{head}': give a head number from 1, or 'average'.");
        var written = new List<string>();
        string folder = Path.GetDirectoryName(path) ?? "", stem = Path.GetFileNameWithoutExtension(path);
        for (int i = 0; i < figures.Count; i++)
        {
            string numbered = figures.Count == 1 ? stem : $"{stem}-{i + 1}";
            var kinds = self ? new[] { AttentionKind.Cross, AttentionKind.EncoderSelf, AttentionKind.DecoderSelf } : [AttentionKind.Cross];
            foreach (var kind in kinds)
            {
                var matrix = Choose(figures[i], kind, layer, headIndex);
                string file = Path.Combine(folder, numbered + (kind switch
                {
                    AttentionKind.EncoderSelf => ".encoder-self",
                    AttentionKind.DecoderSelf => ".decoder-self",
                    _ => "",
                }) + extension);
                if (extension == ".png") AlignmentPng.Write(file, matrix, warn: warn);
                else AlignmentSvg.Write(file, matrix);
                written.Add(file);
            }
        }
        return written;
    }

    /// <summary>The figure's view of <paramref name="kind"/> at the chosen layer (from 0; null for the last) and head
    /// (null for the average, or the only view of a one-attention model), titled with what it shows.</summary>
    private static AlignmentMatrix Choose(AttentionFigure figure, AttentionKind kind, int? layer, int? head)
    {
        if (figure.Views.Count == 1) return figure.Views[0].Matrix;
        var ofKind = figure.Views.Where(v => v.Kind == kind).ToList();
        int layers = ofKind.Max(v => v.Layer) + 1, heads = ofKind.Max(v => v.Head ?? -1) + 1;
        if (layer is < 1 || layer > layers) throw new HeedInputException($"--layer {layer}: this model has layers 1 to {layers}.");
        if (head >= heads) throw new HeedInputException($"--head {head + 1}: this model has heads 1 to {heads}, or 'average'.");
        int l = (layer ?? layers) - 1;
        var view = ofKind.Single(v => v.Layer == l && v.Head == head);
        return view.Matrix.WithTitle($"{figure.Title} ({view.Describe()})");
    }
}
