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

    [Fact]
    public void Align_DrawsEveryLayerAndHead_AndTheSearchedAttentionIsTheLastLayersHeadAverage()
    {
        var task = new ToyTask(trainPairs: 300, devPairs: 10);
        var (exit, _, error) = CliRunner.Run("train", Config(task));
        Assert.True(exit == 0, error);
        string dir = Path.Combine(task.Folder, "model");
        // Independent of the pictures: teacher forcing on the output search found gives, in the last layer's head
        // average, the very weights search recorded while it stepped with its cache.
        var translator = Heed.Translation.Translator.Load(dir);
        var (_, source, target, model) = new ModelDirectory(dir).Load();
        var translation = translator.Translate(task.DevSources[0], new Heed.Translation.TranslateOptions(Beam: 1));
        var figure = Heed.Viz.TranslationFigure.Of(model, source, target, translation, task.DevSources[0], self: true);
        var last = figure.Views.Single(v => v.Kind == Heed.Viz.AttentionKind.Cross && v.Layer == 0 && v.Head is null).Matrix;
        for (int r = 0; r < last.Rows; r++)
            for (int c = 0; c < last.Columns; c++)
                Assert.Equal(translation.Attention[r][c], last[r, c], 4);
        // 1 layer × (2 heads + average) × 3 kinds.
        Assert.Equal(9, figure.Views.Count);

        string html = Path.Combine(task.Folder, "all.html");
        (exit, _, error) = CliRunner.Run("align", dir, "--sentence", task.DevSources[0], "--out", html, "--self");
        Assert.True(exit == 0, error);
        string page = File.ReadAllText(html);
        Assert.Contains("data-view=\"cross/0/avg\"", page); // shown first: the last layer's head average
        foreach (var view in new[] { "cross-attention, layer 1, head 2", "encoder self-attention, layer 1, head 1", "decoder self-attention, layer 1, average of heads" })
            Assert.Contains(view, page);

        string svg = Path.Combine(task.Folder, "one.svg");
        (exit, _, error) = CliRunner.Run("align", dir, "--sentence", task.DevSources[0], "--out", svg, "--self", "--layer", "1", "--head", "2");
        Assert.True(exit == 0, error);
        foreach (var file in new[] { "one.svg", "one.encoder-self.svg", "one.decoder-self.svg" })
            Assert.Contains("head 2", File.ReadAllText(Path.Combine(task.Folder, file)));

        (exit, _, error) = CliRunner.Run("align", dir, "--sentence", task.DevSources[0], "--out", svg, "--layer", "2");
        Assert.Equal(2, exit);
        Assert.Contains("layers 1 to 1", error);
    }

    [Fact]
    public void Align_LayerOptions_OnAnRnn_SayTheyAreForTransformers()
    {
        var task = new ToyTask(trainPairs: 100, devPairs: 5);
        var config = task.Config(training: "max_steps: 3");
        new Heed.Training.Trainer(config).Run();
        var (exit, _, error) = CliRunner.Run("align", config.Training.ModelDir, "--sentence", "a b c", "--out", Path.Combine(task.Folder, "x.svg"), "--head", "1");
        Assert.Equal(2, exit);
        Assert.Contains("model.type: transformer", error);
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
