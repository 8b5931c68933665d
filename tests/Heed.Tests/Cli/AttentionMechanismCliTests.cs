using System.Text.Json;
using Heed.Tests.Training;

namespace Heed.Tests.Cli;

/// <summary>Every <c>model.attention</c> mechanism through <c>heed train</c>, <c>heed translate</c> and <c>heed align</c>,
/// as a user runs them, on a reverse task small enough to train in seconds; and the bad settings, exit 2.</summary>
public class AttentionMechanismCliTests
{
    /// <summary>A tiny reverse-task experiment with the given model lines (each "key: value").</summary>
    private static (ToyTask Task, string Config) Experiment(string decoder, string attention, string mode, string extra = "")
    {
        var task = new ToyTask(trainPairs: 320, devPairs: 12);
        string config = Path.Combine(task.Folder, "mechanism.yaml");
        File.WriteAllText(config, $"""
            name: mechanism
            data:
              train_src: train.src
              train_trg: train.trg
              dev_src: dev.src
              dev_trg: dev.trg
              tokenizer: word
              max_length: 20
            model:
              rnn: gru
              embedding: 12
              hidden: 16
              decoder: {decoder}
              attention: {attention}
              attention_mode: {mode}
              dropout: 0
            {extra}
            training:
              seed: 3
              batch_sentences: 32
              epochs: 3
              lr: 0.01
              log_every: 5
              threads: 1
              model_dir: model
            decoding:
              beam: 2
            """);
        return (task, config);
    }

    [Theory]
    [InlineData("bahdanau", "additive", "soft")]
    [InlineData("luong", "general", "soft")]
    [InlineData("bahdanau", "dot", "soft")]
    [InlineData("luong", "scaled_dot", "soft")]
    [InlineData("bahdanau", "cosine", "soft")]
    [InlineData("luong", "location", "soft")]
    [InlineData("bahdanau", "local-m", "soft")]
    [InlineData("luong", "local-p", "soft")]
    [InlineData("luong", "additive", "hard")]
    [InlineData("bahdanau", "general", "hard")]
    [InlineData("luong", "local-m", "hard")]
    [InlineData("bahdanau", "local-p", "hard")]
    public void Mechanism_Trains_Translates_AndAligns(string decoder, string attention, string mode)
    {
        string extra = attention.StartsWith("local", StringComparison.Ordinal) ? "  window: 2" : "";
        var (task, config) = Experiment(decoder, attention, mode, extra);
        var (exit, output, error) = CliRunner.Run("train", config);
        Assert.True(exit == 0, error);
        string model = Path.Combine(task.Folder, "model");
        Assert.Contains($"attention: {attention}", File.ReadAllText(Path.Combine(model, "config.yaml")));

        // Training reduced the loss: the last logged window's mean against the first's (30 steps, logged every 5).
        var losses = File.ReadAllLines(Path.Combine(model, "metrics.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("train_loss", out _))
            .Select(e => e.GetProperty("train_loss").GetDouble()).ToArray();
        Assert.True(losses.Length >= 3, $"{losses.Length} logged losses");
        Assert.True(losses[^1] < losses[0], $"train loss {losses[0]} → {losses[^1]}");

        string input = Path.Combine(task.Folder, "in.txt");
        File.WriteAllLines(input, ["a b c d", "h g f e b"]);
        (exit, output, error) = CliRunner.Run("translate", model, "--input", input);
        Assert.True(exit == 0, error);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.False(string.IsNullOrWhiteSpace(l)));

        string picture = Path.Combine(task.Folder, "align.svg");
        (exit, output, error) = CliRunner.Run("align", model, "--sentence", "a b c d", "--out", picture);
        Assert.True(exit == 0, error);
        Assert.Contains("a b c d \u2192 ", output);
        Assert.True(new FileInfo(picture).Length > 0);
    }

    [Theory]
    [InlineData("local-p", "  window: 0", "model.window")]
    [InlineData("local-m", "  window: 5000", "model.window")]
    [InlineData("dot", "  window: 3", "model.window")]
    [InlineData("general", "  local_score: dot", "model.local_score")]
    public void BadAttentionSettings_ExitTwo_NamingTheKey(string attention, string extra, string key)
    {
        var (task, config) = Experiment("bahdanau", attention, "soft", extra);
        var (exit, _, error) = CliRunner.Run("train", config);
        Assert.Equal(2, exit);
        Assert.Contains(key, error);
        Assert.False(File.Exists(Path.Combine(task.Folder, "model", "best.safetensors")));
    }
}
