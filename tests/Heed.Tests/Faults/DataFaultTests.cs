using System.IO.Compression;
using System.Text;
using Heed.Tests.Cli;
using Heed.Tests.Training;

namespace Heed.Tests.Faults;

/// <summary>
/// Bad training data, fed to <c>heed train</c> as a user would: refused with exit 2, the file and line and the fix named,
/// nothing written into the model directory; or, where the data is merely unusual, trained on with the oddity logged.
/// </summary>
public class DataFaultTests
{
    /// <summary>A small reverse task and its config; <paramref name="training"/> lines extend the training section.</summary>
    private static (ToyTask Task, string Config, string Src, string ModelDir) Experiment(string training = "max_steps: 2")
    {
        var task = new ToyTask(trainPairs: 100, devPairs: 5);
        string config = Path.Combine(task.Folder, "toy.yaml");
        File.WriteAllText(config, task.Yaml(training: "  " + training.Replace("\n", "\n  ")));
        return (task, config, Path.Combine(task.Folder, "train.src"), Path.Combine(task.Folder, "model"));
    }

    private static (int, string, string) Train(string config) => CliRunner.Run("train", config);

    /// <summary>A refused run leaves no weights and no temporary files: only what it had written before reading data.</summary>
    private static void NoWeights(string modelDir) =>
        FaultAssert.NoFilesLeft(modelDir, "train.log", "config.yaml", "vocab.src.txt", "vocab.trg.txt", "train.lock");

    [Fact]
    public void MismatchedLineCounts_NameBothFilesAndCounts()
    {
        var (task, config, _, model) = Experiment();
        File.AppendAllLines(Path.Combine(task.Folder, "train.trg"), ["x y"]);
        FaultAssert.InputError(Train(config), "train", "train.src' has 100 lines", "train.trg' has 101 lines");
        NoWeights(model);
    }

    [Fact]
    public void InvalidUtf8_NamesFileLineAndByte()
    {
        var (_, config, src, model) = Experiment();
        var bytes = File.ReadAllBytes(src).ToList();
        bytes.InsertRange(bytes.IndexOf((byte)'\n') + 1, [0xC3, 0x28]); // an invalid sequence at the start of line 2
        File.WriteAllBytes(src, [.. bytes]);
        FaultAssert.InputError(Train(config), "train", $"'{src}' line 2, byte 1: invalid UTF-8");
        NoWeights(model);
    }

    [Theory]
    [InlineData("utf-16LE", "UTF-16LE")]
    [InlineData("utf-16BE", "UTF-16BE")]
    [InlineData("utf-32LE", "UTF-32LE")]
    public void Utf16Or32WithByteOrderMark_IsNamed_WithTheConversion(string encoding, string name)
    {
        var (_, config, src, model) = Experiment();
        var text = Encoding.GetEncoding(encoding);
        File.WriteAllBytes(src, [.. text.GetPreamble(), .. text.GetBytes(File.ReadAllText(src))]);
        FaultAssert.InputError(Train(config), "train", $"'{src}' is {name} text", $"iconv -f {name} -t UTF-8");
        NoWeights(model);
    }

    [Fact]
    public void BinaryFile_IsNamed_AsNotText()
    {
        var (_, config, src, model) = Experiment();
        var bytes = new byte[4096];
        new Random(5).NextBytes(bytes);
        bytes[100] = 0; // what makes a file binary: NUL bytes, which text never holds
        File.WriteAllBytes(src, bytes);
        FaultAssert.InputError(Train(config), "train", $"'{src}' line", "binary file");
        NoWeights(model);
    }

    [Fact]
    public void MissingFile_IsNamed_WithWhereRelativePathsStart()
    {
        var (_, config, src, model) = Experiment();
        File.Delete(src);
        FaultAssert.InputError(Train(config), "train", $"File not found: '{src}'", "relative paths start from the config file's folder");
        NoWeights(model);
    }

    [Fact]
    public void EmptyFiles_AreRefused_SayingThereIsNothingToTrainOn()
    {
        var (task, config, src, model) = Experiment();
        File.WriteAllText(src, "");
        File.WriteAllText(Path.Combine(task.Folder, "train.trg"), "");
        FaultAssert.InputError(Train(config), "train", "No sentence pairs to train on", src);
        NoWeights(model);
    }

    [Fact]
    public void EmptyLines_AreSkipped_AndCounted()
    {
        var (_, config, src, model) = Experiment();
        var lines = File.ReadAllLines(src);
        lines[3] = lines[40] = "   ";
        File.WriteAllLines(src, lines);
        var (exit, output, error) = Train(config);
        Assert.True(exit == 0, error);
        Assert.Contains("98 sentence pairs", output);
        Assert.Contains("2 empty lines skipped", output);
        Assert.True(File.Exists(Path.Combine(model, "last.safetensors")));
    }

    [Fact]
    public void CrlfLineEndings_TrainLikeLf_WithoutCarriageReturnsInTheVocabulary()
    {
        var (task, config, src, model) = Experiment();
        foreach (string f in new[] { src, Path.Combine(task.Folder, "train.trg") })
            File.WriteAllText(f, File.ReadAllText(f).Replace("\n", "\r\n"));
        var (exit, _, error) = Train(config);
        Assert.True(exit == 0, error);
        Assert.DoesNotContain("\r", File.ReadAllText(Path.Combine(model, "vocab.src.txt")));
        Assert.DoesNotContain("\r", File.ReadAllText(Path.Combine(model, "vocab.trg.txt")));
    }

    [Fact]
    public void HundredThousandCharacterLine_IsDroppedAsTooLong_AndLogged()
    {
        var (task, config, src, _) = Experiment();
        var lines = File.ReadAllLines(src);
        lines[7] = string.Join(' ', Enumerable.Repeat("a b c d e", 10_000)); // 99,999 characters, 50,000 tokens
        Assert.InRange(lines[7].Length, 99_999, 100_000);
        File.WriteAllLines(src, lines);
        var (exit, output, error) = Train(config);
        Assert.True(exit == 0, error);
        Assert.Contains("1 longer than 80 tokens dropped", output);
    }

    [Fact]
    public void TruncatedGzip_IsNamed_InsteadOfTrainingOnPartOfTheCorpus()
    {
        var (task, config, src, model) = Experiment();
        string gz = src + ".gz";
        using (var gzip = new GZipStream(File.Create(gz), CompressionLevel.Optimal))
            gzip.Write(File.ReadAllBytes(src));
        var bytes = File.ReadAllBytes(gz);
        File.WriteAllBytes(gz, bytes[..(bytes.Length * 2 / 3)]); // cut mid-stream: .NET alone returns a prefix, no error
        File.WriteAllText(config, File.ReadAllText(config).Replace("train.src", "train.src.gz"));
        FaultAssert.InputError(Train(config), "train", $"'{gz}' is truncated or damaged gzip data", "compress the file again");
        NoWeights(model);
    }

    [Fact]
    public void CorruptGzip_IsNamed()
    {
        var (task, config, src, model) = Experiment();
        string gz = src + ".gz";
        File.WriteAllBytes(gz, [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, .. Enumerable.Repeat((byte)0xFF, 40)]);
        File.WriteAllText(config, File.ReadAllText(config).Replace("train.src", "train.src.gz"));
        FaultAssert.InputError(Train(config), "train", $"'{gz}' is not valid gzip data", "Copy or compress the file again");
        NoWeights(model);
    }

    [Fact]
    public void ConcatenatedGzipMembers_AreReadWhole()
    {
        // The trailer check must not refuse multi-member files (cat a.gz b.gz > c.gz), which gzip itself reads.
        string folder = Directory.CreateTempSubdirectory("heed-gz").FullName;
        string gz = Path.Combine(folder, "two.gz");
        using (var file = File.Create(gz))
            foreach (string part in new[] { "one\ntwo\n", "three\n" })
                using (var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true))
                    gzip.Write(Encoding.UTF8.GetBytes(part));
        Assert.Equal(["one", "two", "three"], Heed.Io.TextLines.Read(gz));
    }
}
