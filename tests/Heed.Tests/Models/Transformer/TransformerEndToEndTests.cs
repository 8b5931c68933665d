using Heed.Config;
using Heed.Io;
using Heed.Models.Transformer;
using Heed.Tests.Cli;
using Heed.Tests.Training;

namespace Heed.Tests.Models.Transformer;

/// <summary>A Transformer through the same verbs as the RNN — train, translate, test, align — on the toy reverse
/// task, and the config errors that must stop it before anything is written.</summary>
public class TransformerEndToEndTests
{
    private static string Config(ToyTask task, string model = ToyTask.TinyTransformerSection)
    {
        // The toy config with a Transformer's model section; the Noam schedule with a short warm-up.
        string yaml = task.YamlWithModel(model, training: "  schedule: noam\n  warmup_steps: 20\n  max_steps: 90\n  validate_every: 45").Replace("lr: 0.005", "lr: 0.01");
        string file = Path.Combine(task.Folder, "transformer.yaml");
        File.WriteAllText(file, yaml);
        return file;
    }

    [Fact]
    public void TrainsTranslatesScoresAndAligns_ThroughTheCli()
    {
        var task = new ToyTask(trainPairs: 600, devPairs: 20);
        string config = Config(task);
        var (exit, output, error) = CliRunner.Run("train", config);
        Assert.True(exit == 0, error);
        string dir = Path.Combine(task.Folder, "model");
        var (loaded, _, _, model) = new ModelDirectory(dir).Load();
        Assert.IsType<TransformerConfig>(loaded.Model);
        Assert.IsType<TransformerSeq2Seq>(model);
        var metrics = File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")).Where(l => l.Contains("train_loss")).ToArray();
        Assert.True(metrics.Length >= 2, "the loss is logged");

        string input = Path.Combine(task.Folder, "in.txt");
        File.WriteAllLines(input, task.DevSources.Take(5));
        (exit, output, error) = CliRunner.Run("translate", dir, "--input", input, "--beam", "3");
        Assert.True(exit == 0, error);
        Assert.Equal(5, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        File.WriteAllLines(Path.Combine(task.Folder, "ref.txt"), task.DevTargets.Take(5));
        (exit, output, error) = CliRunner.Run("test", dir, "--src", input, "--ref", Path.Combine(task.Folder, "ref.txt"), "--json");
        Assert.True(exit == 0, error);
        Assert.Contains("\"bleu\"", output);

        foreach (var extension in new[] { ".svg", ".html", ".png" })
        {
            string picture = Path.Combine(task.Folder, "align" + extension);
            (exit, output, error) = CliRunner.Run("align", dir, "--sentence", task.DevSources[0], "--out", picture);
            Assert.True(exit == 0, error);
            Assert.True(new FileInfo(picture).Length > 100, picture);
        }
    }

    [Theory]
    // Keys of two kinds mixed: the message says which kind the stray key belongs to.
    [InlineData("model:\n  type: transformer\n  rnn: gru\n", "'model.rnn'", "model.type rnn")]
    [InlineData("model:\n  hidden: 64\n  heads: 4\n", "'model.heads'", "model.type transformer")]
    [InlineData("model:\n  type: transformer\n  d_model: 30\n  heads: 4\n", "model.d_model = 30", "model.heads = 4")]
    [InlineData("model:\n  type: transformer\n  max_positions: 10\n", "data.max_length = 20", "model.max_positions")]
    [InlineData("model:\n  type: transformer\n  share_embeddings: true\n", "model.share_embeddings", "data.joint_vocab")]
    public void BadTransformerConfigs_ExitTwo_NamingTheKeys_AndWriteNothing(string model, string first, string second)
    {
        var task = new ToyTask(trainPairs: 50, devPairs: 5);
        string config = Config(task, model);
        var (exit, _, error) = CliRunner.Run("train", config);
        Assert.Equal(2, exit);
        Assert.Contains(first, error);
        Assert.Contains(second, error);
        Assert.False(Directory.Exists(Path.Combine(task.Folder, "model")), "nothing may be written for a bad config");
    }
}
