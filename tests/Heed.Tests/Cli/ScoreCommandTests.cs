using System.CommandLine;
using System.Text;
using System.Text.Json;
using Heed.Cli.Commands;
using Heed.Tests.Metrics;

namespace Heed.Tests.Cli;

public class ScoreCommandTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(ScoreCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = root.Parse(["score", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static string Write(string dir, string name, string text)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private static string NewDir() => Directory.CreateTempSubdirectory("heed-score").FullName;

    [Fact]
    public void HappyPath_PrintsBothScores_AndJsonLastLine()
    {
        // Expected numbers: the sacreBLEU 2.6.0 "multi-sentence" vector.
        var c = SacreBleuVectors.Cases.Single(x => x.Name == "multi-sentence");
        string dir = NewDir();
        string hyp = Write(dir, "hyp.txt", string.Join('\n', c.Hyps) + "\n");
        string reference = Write(dir, "ref.txt", string.Join('\n', c.Refs) + "\n");

        var (exit, output, error) = Run("--hyp", hyp, "--ref", reference, "--json");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("BLEU = 24.20 ", output);
        Assert.Contains("chrF2 = 42.44", output);
        Assert.Contains(SacreBleuVectors.SignatureCased, output);
        string last = output.TrimEnd().Split('\n')[^1];
        using var json = JsonDocument.Parse(last);
        Assert.Equal(c.Cased.Bleu, json.RootElement.GetProperty("bleu").GetDouble(), 1e-9);
        Assert.Equal(c.Cased.ChrF, json.RootElement.GetProperty("chrf").GetDouble(), 1e-9);
        Assert.Equal(SacreBleuVectors.SignatureCased, json.RootElement.GetProperty("signature").GetString());
        Assert.Equal(c.Cased.RefLen, json.RootElement.GetProperty("ref_len").GetInt64());
    }

    [Fact]
    public void Lowercase_ChangesSignatureAndScore()
    {
        // Expected numbers: the sacreBLEU 2.6.0 "casing" vector, lowercase.
        var c = SacreBleuVectors.Cases.Single(x => x.Name == "casing");
        string dir = NewDir();
        var (exit, output, _) = Run("--hyp", Write(dir, "h", c.Hyps[0]), "--ref", Write(dir, "r", c.Refs[0]), "--lowercase", "--json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.Equal(c.Lowercase.Bleu, json.RootElement.GetProperty("bleu").GetDouble(), 1e-9);
        Assert.Equal(SacreBleuVectors.SignatureLowercase, json.RootElement.GetProperty("signature").GetString());
    }

    [Fact]
    public void MissingFile_IsNamed_ExitTwo()
    {
        string dir = NewDir();
        string missing = Path.Combine(dir, "nope.txt");
        var (exit, output, error) = Run("--hyp", missing, "--ref", Write(dir, "r", "a\n"));
        Assert.Equal(2, exit);
        Assert.Contains(missing, error);
        Assert.Equal("", output);
    }

    [Fact]
    public void DifferentLineCounts_NameBothFilesAndCounts()
    {
        string dir = NewDir();
        string hyp = Write(dir, "hyp.txt", "a\nb\nc\n");
        string reference = Write(dir, "ref.txt", "a\nb\n");
        var (exit, _, error) = Run("--hyp", hyp, "--ref", reference);
        Assert.Equal(2, exit);
        Assert.Contains(hyp, error);
        Assert.Contains(reference, error);
        Assert.Contains("3 lines", error);
        Assert.Contains("has 2", error);
    }

    [Fact]
    public void InvalidUtf8_NamesFileAndLine()
    {
        string dir = NewDir();
        string hyp = Path.Combine(dir, "hyp.txt");
        File.WriteAllBytes(hyp, [.. "fine\nstill fine\nbad "u8, 0xC3, 0x28, .. "\n"u8]);
        var (exit, _, error) = Run("--hyp", hyp, "--ref", Write(dir, "ref.txt", "a\nb\nc\n"));
        Assert.Equal(2, exit);
        Assert.Contains(hyp, error);
        Assert.Contains("line 3", error);
    }

    [Fact]
    public void EmptyReferenceLine_IsNamed()
    {
        string dir = NewDir();
        string reference = Write(dir, "ref.txt", "a\n\n");
        var (exit, _, error) = Run("--hyp", Write(dir, "hyp.txt", "a\nb\n"), "--ref", reference);
        Assert.Equal(2, exit);
        Assert.Contains(reference, error);
        Assert.Contains("line 2", error);
    }

    [Fact]
    public void MissingOptions_ExitTwo()
    {
        var (exit, _, error) = Run("--hyp", "x.txt");
        Assert.Equal(2, exit);
        Assert.Contains("--ref", error);
    }
}
