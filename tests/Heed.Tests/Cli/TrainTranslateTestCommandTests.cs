using System.Text.Json;
using Heed.Tests.Training;

namespace Heed.Tests.Cli;

/// <summary>The train → translate → test round on the example tiny config, as a user runs it, and its bad inputs.</summary>
public class TrainTranslateTestCommandTests
{
    /// <summary>configs/tiny_reverse.yaml copied beside freshly generated reverse-task data.</summary>
    private static (ToyTask Task, string Config) TinyExperiment()
    {
        var task = new ToyTask(trainPairs: 1200, devPairs: 40);
        string config = Path.Combine(task.Folder, "tiny_reverse.yaml");
        File.Copy(Path.Combine(CliRunner.RepositoryRoot(), "configs", "tiny_reverse.yaml"), config);
        return (task, config);
    }

    [Fact]
    public void Train_Translate_Test_OnTheTinyExampleConfig()
    {
        var (task, config) = TinyExperiment();
        var (exit, output, error) = CliRunner.Run("train", config);
        Assert.True(exit == 0, error);
        Assert.Contains("best dev BLEU", output);
        string model = Path.Combine(task.Folder, "model");
        foreach (var f in new[] { "config.yaml", "vocab.src.txt", "vocab.trg.txt", "best.safetensors", "last.safetensors", "metrics.jsonl", "train.log" })
            Assert.True(File.Exists(Path.Combine(model, f)), f);

        string input = Path.Combine(task.Folder, "in.txt");
        File.WriteAllLines(input, ["a b c d", "h g f"]);
        (exit, output, error) = CliRunner.Run("translate", model, "--input", input, "--beam", "3");
        Assert.True(exit == 0, error);
        Assert.Equal(["d c b a", "f g h"], output.TrimEnd().Split('\n'));

        (exit, output, error) = CliRunner.Run("test", model, "--src", Path.Combine(task.Folder, "dev.src"), "--ref", Path.Combine(task.Folder, "dev.trg"), "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.True(json.RootElement.GetProperty("bleu").GetDouble() > 90, output);
        Assert.StartsWith("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:", json.RootElement.GetProperty("signature").GetString());
    }

    [Fact]
    public void Translate_TruncatesOverLongInput_WithAWarning()
    {
        var (task, config) = TinyExperiment();
        var (exit, _, error) = CliRunner.Run("train", config);
        Assert.True(exit == 0, error);
        string input = Path.Combine(task.Folder, "long.txt");
        File.WriteAllLines(input, [string.Join(' ', Enumerable.Repeat("a b", 30))]); // 60 tokens; max_length is 20
        (exit, var output, error) = CliRunner.Run("translate", Path.Combine(task.Folder, "model"), "--input", input);
        Assert.Equal(0, exit);
        Assert.Contains("cut to the model's maximum of 20", error);
        Assert.Single(output.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Train_LineCountMismatch_NamesBothFilesAndCounts()
    {
        var (task, config) = TinyExperiment();
        File.AppendAllLines(Path.Combine(task.Folder, "train.trg"), ["x y"]);
        var (exit, _, error) = CliRunner.Run("train", config);
        Assert.Equal(2, exit);
        Assert.Contains("train.src", error); Assert.Contains("train.trg", error);
        Assert.Contains("1200", error); Assert.Contains("1201", error);
        Assert.False(File.Exists(Path.Combine(task.Folder, "model", "best.safetensors")));
    }

    [Fact]
    public void Train_InvalidUtf8_NamesFileAndLine()
    {
        var (task, config) = TinyExperiment();
        string src = Path.Combine(task.Folder, "train.src");
        var lines = File.ReadAllLines(src);
        using (var f = File.Create(src))
            for (int i = 0; i < lines.Length; i++)
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(lines[i] + "\n");
                if (i == 6) bytes = [0xC3, 0x28, (byte)'\n']; // an invalid two-byte sequence on line 7
                f.Write(bytes);
            }
        var (exit, _, error) = CliRunner.Run("train", config);
        Assert.Equal(2, exit);
        Assert.Contains("train.src", error);
        Assert.Contains("7", error);
    }

    [Theory]
    [InlineData("model:\n  hiden: 3\n", "unknown key 'model.hiden'")]
    [InlineData("model: [\n", "malformed YAML")]
    public void Train_BadConfig_ExitsTwoWithTheKeyOrLine(string appended, string expected)
    {
        var (_, config) = TinyExperiment();
        File.WriteAllText(config, File.ReadAllText(config).Replace("model:\n", appended, StringComparison.Ordinal));
        var (exit, _, error) = CliRunner.Run("train", config);
        Assert.Equal(2, exit);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void MissingFiles_AreNamed()
    {
        var (exit, _, error) = CliRunner.Run("train", "/nonexistent/heed.yaml");
        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent/heed.yaml", error);
        (exit, _, error) = CliRunner.Run("translate", "/nonexistent/model", "--input", "/dev/null");
        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent/model", error);
        (exit, _, error) = CliRunner.Run("test", "/nonexistent/model", "--src", "/nonexistent/a", "--ref", "/nonexistent/b");
        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent/a", error);
    }

    [Fact]
    public void Train_IntoADirectoryThatHoldsATraining_IsRefused_UnlessResumedOrOverwritten()
    {
        var (task, config) = TinyExperiment();
        File.WriteAllText(config, File.ReadAllText(config).Replace("epochs: 6", "epochs: 1"));
        Assert.Equal(0, CliRunner.Run("train", config).Exit);
        string model = Path.Combine(task.Folder, "model"), last = Path.Combine(model, "last.safetensors");
        byte[] before = File.ReadAllBytes(last);

        var (exit, _, error) = CliRunner.Run("train", config);
        Assert.Equal(2, exit);
        Assert.Contains("already holds a training", error);
        Assert.Contains("--overwrite", error);
        Assert.Equal(before, File.ReadAllBytes(last)); // nothing replaced

        (exit, _, error) = CliRunner.Run("train", config, "--resume", "--overwrite");
        Assert.Equal(2, exit);
        Assert.Contains("give one of them", error);

        // Starting again replaces the checkpoints and the metrics (the same seed gives the same weights again).
        (exit, _, error) = CliRunner.Run("train", config, "--overwrite");
        Assert.True(exit == 0, error);
        Assert.Equal(before, File.ReadAllBytes(last));
        var steps = File.ReadAllLines(Path.Combine(model, "metrics.jsonl")).Where(l => l.Contains("train_loss")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("step").GetInt64()).ToArray();
        Assert.Equal(steps.Distinct().Count(), steps.Length); // one run's curve, not two
    }
}
