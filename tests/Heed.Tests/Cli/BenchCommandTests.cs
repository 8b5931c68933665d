using System.Text.Json;
using Heed.Tests.Training;

namespace Heed.Tests.Cli;

/// <summary>The benchmark verbs' output contract (not their speed: numbers are measured in benchmarks, not tests).</summary>
public class BenchCommandTests
{
    [Fact]
    public void Gemm_Json_PrintsOneObjectPerSize()
    {
        var (exit, output, error) = CliRunner.Run("bench", "gemm", "--sizes", "16,33", "--threads", "1", "--json");
        Assert.True(exit == 0, error);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        for (int i = 0; i < 2; i++)
        {
            using var json = JsonDocument.Parse(lines[i]);
            Assert.Equal("gemm", json.RootElement.GetProperty("bench").GetString());
            Assert.Equal(i == 0 ? 16 : 33, json.RootElement.GetProperty("n").GetInt32());
            Assert.Equal(1, json.RootElement.GetProperty("threads").GetInt32());
            Assert.True(json.RootElement.GetProperty("gflops").GetDouble() > 0);
            Assert.True(json.RootElement.GetProperty("gflops_per_cpu_s").GetDouble() > 0);
        }
    }

    [Theory]
    [InlineData("--sizes", "12,x")]
    [InlineData("--sizes", "0")]
    [InlineData("--threads", "0")]
    public void Gemm_BadArguments_ExitTwo(string option, string value)
    {
        var (exit, _, error) = CliRunner.Run("bench", "gemm", option, value);
        Assert.Equal(2, exit);
        Assert.Contains(option, error);
    }

    [Fact]
    public void Train_Json_ReportsTokensPerSecondAndPeakMemory()
    {
        var task = new ToyTask(trainPairs: 200);
        string config = Path.Combine(task.Folder, "toy.yaml");
        File.WriteAllText(config, task.Yaml());
        var (exit, output, error) = CliRunner.Run("bench", "train", "--config", config, "--batches", "2", "--threads", "1", "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.Equal("train", json.RootElement.GetProperty("bench").GetString());
        Assert.True(json.RootElement.GetProperty("tokens_per_s").GetDouble() > 0);
        Assert.True(json.RootElement.GetProperty("sec_per_batch").GetDouble() > 0);
        Assert.True(json.RootElement.GetProperty("peak_mb").GetDouble() > 0);
    }

    [Fact]
    public void Translate_UntrainedConfig_DecodesToTheLengthLimit()
    {
        var task = new ToyTask(trainPairs: 100, devPairs: 10);
        string config = Path.Combine(task.Folder, "toy.yaml");
        File.WriteAllText(config, task.Yaml());
        var (exit, output, error) = CliRunner.Run("bench", "translate", "--config", config, "--src", Path.Combine(task.Folder, "dev.src"), "--threads", "1", "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.Equal("translate", json.RootElement.GetProperty("bench").GetString());
        Assert.True(json.RootElement.GetProperty("sentences_per_s").GetDouble() > 0);
        Assert.True(json.RootElement.GetProperty("tokens_per_s").GetDouble() > 0);
    }

    [Fact]
    public void Train_MissingConfig_IsNamed()
    {
        var (exit, _, error) = CliRunner.Run("bench", "train", "--config", "/nonexistent/x.yaml", "--batches", "1");
        Assert.NotEqual(0, exit);
        Assert.Contains("/nonexistent/x.yaml", error);
    }

    [Fact]
    public void Translate_Recompute_DoesTheCachedRunsWork_ForTransformersOnly()
    {
        var task = new ToyTask(trainPairs: 100, devPairs: 10);
        string transformer = Path.Combine(task.Folder, "transformer.yaml"), rnn = Path.Combine(task.Folder, "rnn.yaml");
        File.WriteAllText(transformer, task.YamlWithModel(ToyTask.TinyTransformerSection));
        File.WriteAllText(rnn, task.Yaml());
        string src = Path.Combine(task.Folder, "dev.src");
        long Tokens(params string[] extra)
        {
            var (exit, output, error) = CliRunner.Run(["bench", "translate", "--config", transformer, "--src", src, "--threads", "1", "--json", .. extra]);
            Assert.True(exit == 0, error);
            using var json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
            return json.RootElement.GetProperty("tokens").GetInt64();
        }
        // 10 sentences, each to the length limit: 50 tokens capped at the 24 positions.
        Assert.Equal(10 * 24, Tokens());
        Assert.Equal(10 * 24, Tokens("--recompute"));
        var (code, _, message) = CliRunner.Run("bench", "translate", "--config", rnn, "--src", src, "--recompute");
        Assert.Equal(2, code);
        Assert.Contains("--recompute needs a Transformer", message);
    }

    [Fact]
    public void Train_FileOrder_RunsATransformer()
    {
        var task = new ToyTask(trainPairs: 200);
        string config = Path.Combine(task.Folder, "transformer.yaml");
        File.WriteAllText(config, task.YamlWithModel(ToyTask.TinyTransformerSection));
        var (exit, output, error) = CliRunner.Run("bench", "train", "--config", config, "--order", "file", "--batches", "2", "--threads", "1", "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.True(json.RootElement.GetProperty("tokens_per_s").GetDouble() > 0);
        Assert.Equal(json.RootElement.GetProperty("src_vocab").GetInt32(), json.RootElement.GetProperty("trg_vocab").GetInt32()); // reverse task: one alphabet
    }
}
