using System.CommandLine;
using Heed.Decoding;
using Heed.Io;
using Heed.Translation;

namespace Heed.Cli.Commands;

/// <summary><c>heed translate MODEL_DIR [--beam K] [--alpha A]</c>: sentences on stdin, translations on stdout.</summary>
internal static class TranslateCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model directory written by heed train." };
        var input = new Option<string?>("--input") { Description = "Read sentences from this file instead of standard input." };
        var (beam, alpha, batch, nbest, unk) = DecodingOptions.Create();
        var command = new Command("translate", "Translate sentences read from standard input, one per line.");
        command.Arguments.Add(model);
        foreach (var o in new Option[] { input, beam, alpha, batch, nbest, unk }) command.Options.Add(o);
        command.SetAction(parse => CliErrors.Guard(parse, "translate", (output, error) =>
        {
            var (config, source, target, network) = new ModelDirectory(parse.GetValue(model)!).Load();
            var options = DecodingOptions.Read(parse, config, beam, alpha, nbest);
            var translator = new Translator(network, source, target, config.Data.MaxLength);
            int batchSize = DecodingOptions.ReadBatchSize(parse, config, batch);
            bool replaceUnknown = parse.GetValue(unk) || config.Decoding.ReplaceUnk;
            int translated = 0;
            void TranslateAndPrint(IReadOnlyList<string> lines)
            {
                translated += lines.Count;
                var results = translator.Translate(lines, options, batchSize, replaceUnknown,
                    warn: w => error.WriteLine($"heed translate: warning: {w}"));
                foreach (var r in results)
                {
                    if (options.NBest <= 1) output.WriteLine(r.Text);
                    else foreach (var (text, score) in r.NBest) output.WriteLine($"{score:F4}\t{text}");
                }
                output.Flush();
            }

            if (parse.GetValue(input) is string path) TranslateAndPrint(TextLines.Read(path));
            else if (!Console.IsInputRedirected)
                // Someone typing: answer each line as it comes instead of waiting for the end of input.
                for (string? line; (line = Console.In.ReadLine()) is not null;) TranslateAndPrint([line]);
            else
            {
                // A pipe or file: read it all, so search can batch sentences of similar length.
                var lines = new List<string>();
                for (string? line; (line = Console.In.ReadLine()) is not null;) lines.Add(line);
                TranslateAndPrint(lines);
            }
            // Not an error (an empty file translates to an empty file), but a likely mistake worth a word.
            if (translated == 0) error.WriteLine("heed translate: warning: the input is empty; nothing was translated.");
            return 0;
        }));
        return command;
    }
}
