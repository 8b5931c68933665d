using Heed.Io;
using Heed.Tests.Cli;
using Heed.Tests.Demo;

namespace Heed.Tests.Faults;

/// <summary>A damaged copy of a trained model directory, given to every verb that loads one: exit 2, file and fix named.</summary>
[Collection(TinyDemoCollection.Name)]
public class ModelDirectoryFaultTests(TinyDemoModel tiny)
{
    private string Copy()
    {
        string dir = Directory.CreateTempSubdirectory("heed-damaged").FullName;
        foreach (var f in Directory.GetFiles(tiny.Result.ModelDir)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        return dir;
    }

    private static string Input()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("heed-input").FullName, "in.txt");
        File.WriteAllText(file, "abc\n");
        return file;
    }

    /// <summary>The same damage seen by translate, test and align: each refuses it with the same message.</summary>
    private static void EveryVerbRefuses(string dir, params string[] expected)
    {
        string input = Input();
        FaultAssert.InputError(CliRunner.Run("translate", dir, "--input", input), "translate", expected);
        FaultAssert.InputError(CliRunner.Run("test", dir, "--src", input, "--ref", input), "test", expected);
        string picture = Path.Combine(Path.GetDirectoryName(input)!, "a.svg");
        FaultAssert.InputError(CliRunner.Run("align", dir, "--sentence", "abc", "--out", picture), "align", expected);
        Assert.False(File.Exists(picture));
    }

    [Fact]
    public void TruncatedSafetensors_IsNamed_WithTheFix()
    {
        string dir = Copy(), best = Path.Combine(dir, "best.safetensors");
        var bytes = File.ReadAllBytes(best);
        File.WriteAllBytes(best, bytes[..(bytes.Length / 2)]);
        EveryVerbRefuses(dir, best, "truncated", "copy it again from where it was trained, or train again");
    }

    [Fact]
    public void HeaderCorruptedSafetensors_IsNamed_WithTheFix()
    {
        string dir = Copy(), best = Path.Combine(dir, "best.safetensors");
        var bytes = File.ReadAllBytes(best);
        bytes.AsSpan(9, 12).Fill((byte)'#'); // the JSON after the opening brace
        File.WriteAllBytes(best, bytes);
        EveryVerbRefuses(dir, best, "the header is not valid JSON", "The checkpoint is damaged");
    }

    [Fact]
    public void HeaderLengthCorrupted_IsNamed()
    {
        string dir = Copy(), best = Path.Combine(dir, "best.safetensors");
        var bytes = File.ReadAllBytes(best);
        bytes[7] = 0x7F; // an absurd header length
        File.WriteAllBytes(best, bytes);
        EveryVerbRefuses(dir, best, "header", "The checkpoint is damaged");
    }

    [Theory]
    [InlineData("vocab.src.txt")]
    [InlineData("vocab.trg.txt")]
    [InlineData("config.yaml")]
    public void MissingFile_IsNamed_WithTheFix(string name)
    {
        string dir = Copy();
        File.Delete(Path.Combine(dir, name));
        EveryVerbRefuses(dir, $"'{dir}' is not a Heed model directory: '{name}' is missing", "copied whole");
    }

    [Fact]
    public void ConfigSizesThatDisagreeWithTheWeights_AreNamed_WithTheFix()
    {
        string dir = Copy(), config = Path.Combine(dir, "config.yaml");
        File.WriteAllText(config, File.ReadAllText(config).Replace($"hidden: {TinyDemoModel.Tiny.Hidden}\n", "hidden: 40\n"));
        EveryVerbRefuses(dir, "the model expects", "config.yaml (model sizes) and vocabularies beside it are not the ones it was trained with");
    }

    [Fact]
    public void EmptyDirectory_IsNotAModelDirectory()
    {
        string dir = Directory.CreateTempSubdirectory("heed-empty").FullName;
        EveryVerbRefuses(dir, $"'{dir}' is not a Heed model directory: 'config.yaml' is missing");
        FaultAssert.InputError(CliRunner.Run("plot", dir), "plot", "metrics.jsonl", "does not exist");
        FaultAssert.NoFilesLeft(dir);
    }

    [Fact]
    public void NoCheckpointYet_SaysTrainingHasNotSavedOne()
    {
        string dir = Copy();
        foreach (var f in Directory.GetFiles(dir, "*.safetensors")) File.Delete(f);
        EveryVerbRefuses(dir, $"'{dir}' holds no weights", "has not saved a checkpoint yet");
    }

    [Fact]
    public void TornMetricsLine_FromAKilledTraining_StillPlots()
    {
        string dir = Copy(), metrics = Path.Combine(dir, "metrics.jsonl");
        File.AppendAllText(metrics, "{\"step\":99999,\"train_lo");
        var (exit, output, error) = CliRunner.Run("plot", dir, "--out", Path.Combine(dir, "curves.svg"));
        Assert.True(exit == 0, error);
        Assert.DoesNotContain("99999", output);
    }

    [Fact]
    public void NothingIsWrittenIntoTheModelDirectory_ByAFailedLoad()
    {
        string dir = Copy(), best = Path.Combine(dir, "best.safetensors");
        File.WriteAllBytes(best, File.ReadAllBytes(best)[..100]);
        var before = Directory.GetFiles(dir).Order().ToArray();
        EveryVerbRefuses(dir, best);
        Assert.Equal(before, Directory.GetFiles(dir).Order().ToArray());
        Assert.NotNull(SafeTensors.Read(Path.Combine(dir, "last.safetensors"))); // the other checkpoint is untouched
    }
}
