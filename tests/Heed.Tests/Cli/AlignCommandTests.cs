using System.Globalization;
using System.Xml.Linq;
using Heed.Cli.Commands;
using Heed.Decoding;
using Heed.Io;
using Heed.Tests.Demo;
using Heed.Tests.Viz;
using Heed.Translation;

namespace Heed.Tests.Cli;

[Collection(TinyDemoCollection.Name)]
public class AlignCommandTests(TinyDemoModel tiny)
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private string NewFile(string name) => Path.Combine(Directory.CreateTempSubdirectory("heed-align").FullName, name);

    [Fact]
    public void Svg_HasOneCellPerWeight_LabelsInPlace_DarkestCellIsTheRowMaximum()
    {
        string sentence = "cabd";
        string file = NewFile("a.svg");
        var (exit, output, error) = DemoCommandTests.Run(AlignCommand.Create(), tiny.Result.ModelDir, "--sentence", sentence, "--out", file, "--beam", "1");
        Assert.Equal("", error);
        Assert.Equal(0, exit);

        // The independent source: the same model, loaded and run here through the library.
        var (config, source, target, model) = new ModelDirectory(tiny.Result.ModelDir).Load();
        var t = new Translator(model, source, target, config.Data.MaxLength)
            .Translate([sentence], new SearchOptions(Beam: 1, MaxLengthRatio: config.Decoding.MaxLengthRatio), 1)[0];
        Assert.Contains($"{sentence} \u2192 {t.Text}", output);

        var doc = XDocument.Load(file);
        string[] Labels(string cls) => doc.Descendants(Svg + "text").Where(e => (string?)e.Attribute("class") == cls).Select(e => e.Value).ToArray();
        Assert.Equal(["c", "a", "b", "d", "</s>"], Labels("source-label"));
        Assert.Equal(t.OutputTokens, Labels("output-label"));
        var cells = doc.Descendants(Svg + "rect").Where(e => (string?)e.Attribute("class") == "cell").ToList();
        Assert.Equal(t.OutputTokens.Length * 5, cells.Count);

        for (int r = 0; r < t.OutputTokens.Length; r++)
        {
            var row = cells.Where(c => (int)c.Attribute("data-row")! == r).OrderBy(c => (int)c.Attribute("data-col")!).ToList();
            // Darkness from the drawn colour alone (sum of RGB, lower is darker), not from data-weight.
            int darkest = row.Select((c, i) => (Sum: Rgb((string)c.Attribute("fill")!), i)).MinBy(p => p.Sum).i;
            float[] weights = t.Attention[r];
            // Colour quantisation can tie nearly equal weights, hence the tolerance.
            Assert.True(weights[darkest] >= weights.Max() - 0.01f, $"row {r}: darkest column {darkest} has {weights[darkest]}, max is {weights.Max()}");
            for (int c = 0; c < 5; c++)
                Assert.Equal(weights[c], double.Parse((string)row[c].Attribute("data-weight")!, CultureInfo.InvariantCulture), 4);
        }
    }

    private static int Rgb(string hex) =>
        Convert.ToInt32(hex[1..3], 16) + Convert.ToInt32(hex[3..5], 16) + Convert.ToInt32(hex[5..7], 16);

    [Fact]
    public void SrcFile_ToHtml_OneFigurePerSentence_SelfContained()
    {
        string src = NewFile("in.txt");
        File.WriteAllText(src, "abc\n\nedcba\nbb\n");
        string html = Path.Combine(Path.GetDirectoryName(src)!, "out.html");
        var (exit, _, error) = DemoCommandTests.Run(AlignCommand.Create(), tiny.Result.ModelDir, "--src", src, "--out", html);
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        string text = File.ReadAllText(html);
        Assert.Equal(3, HtmlChecks.InlineSvgs(text).Count); // the blank line is skipped
        HtmlChecks.AssertSelfContained(text);
    }

    [Fact]
    public void SrcFile_ToPng_NumberedFiles()
    {
        string src = NewFile("in.txt");
        File.WriteAllText(src, "abc\nbca\n");
        string png = Path.Combine(Path.GetDirectoryName(src)!, "pic.png");
        var (exit, output, _) = DemoCommandTests.Run(AlignCommand.Create(), tiny.Result.ModelDir, "--src", src, "--out", png);
        Assert.Equal(0, exit);
        foreach (var name in new[] { "pic-1.png", "pic-2.png" })
        {
            string path = Path.Combine(Path.GetDirectoryName(src)!, name);
            Assert.Contains(path, output);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(path)[..4]);
        }
    }

    [Fact]
    public void MissingModelDir_ExitsNonZeroNamingIt()
    {
        string missing = Path.Combine(Path.GetTempPath(), "no-such-heed-model-" + Guid.NewGuid().ToString("N"));
        var (exit, _, error) = DemoCommandTests.Run(AlignCommand.Create(), missing, "--sentence", "abc");
        Assert.Equal(CliErrors.InputError, exit);
        Assert.Contains(missing, error);
    }

    [Fact]
    public void ModelFromAnotherVersion_ExitsNonZero()
    {
        // A copy of the tiny model whose checkpoint metadata claims another format version.
        string dir = Directory.CreateTempSubdirectory("heed-align-old").FullName;
        foreach (var f in Directory.GetFiles(tiny.Result.ModelDir)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        var old = SafeTensors.Read(Path.Combine(dir, "best.safetensors"));
        var meta = new Dictionary<string, string>(old.Metadata) { ["format"] = "heed-rnn-0" };
        SafeTensors.Write(Path.Combine(dir, "best.safetensors"), old.Tensors.ToList(), meta);
        var (exit, _, error) = DemoCommandTests.Run(AlignCommand.Create(), dir, "--sentence", "abc");
        Assert.Equal(CliErrors.InputError, exit);
        Assert.Contains("heed-rnn-0", error);
    }

    [Fact]
    public void BadArguments_AreClearErrors()
    {
        var (exit1, _, error1) = DemoCommandTests.Run(AlignCommand.Create(), tiny.Result.ModelDir, "--sentence", "abc", "--out", NewFile("x.jpg"));
        Assert.Equal(CliErrors.InputError, exit1);
        Assert.Contains(".svg, .html or .png", error1);
        var (exit2, _, error2) = DemoCommandTests.Run(AlignCommand.Create(), tiny.Result.ModelDir);
        Assert.Equal(CliErrors.InputError, exit2);
        Assert.Contains("--sentence", error2);
    }
}
