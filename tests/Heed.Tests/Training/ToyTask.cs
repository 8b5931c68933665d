using Heed.Config;

namespace Heed.Tests.Training;

/// <summary>
/// A generated reverse task (output = input symbols in reverse order) written to a temporary folder, with a small
/// config that learns it in seconds: the sanity check of the whole pipeline, as Joey NMT uses one.
/// </summary>
internal sealed class ToyTask
{
    public string Folder { get; }
    public string[] DevSources { get; }
    public string[] DevTargets { get; }

    public ToyTask(int trainPairs = 1500, int devPairs = 60, int seed = 1, Func<int, string>? corruptTrainLine = null)
    {
        Folder = Directory.CreateTempSubdirectory("heed-toy").FullName;
        var random = new Random(seed);
        (string Src, string Trg) Pair()
        {
            var symbols = Enumerable.Range(0, random.Next(3, 8)).Select(_ => ((char)('a' + random.Next(8))).ToString()).ToArray();
            return (string.Join(' ', symbols), string.Join(' ', symbols.Reverse()));
        }
        var train = Enumerable.Range(0, trainPairs).Select(_ => Pair()).ToArray();
        var dev = Enumerable.Range(0, devPairs).Select(_ => Pair()).ToArray();
        File.WriteAllLines(Path.Combine(Folder, "train.src"), train.Select((p, i) => corruptTrainLine?.Invoke(i) ?? p.Src));
        File.WriteAllLines(Path.Combine(Folder, "train.trg"), train.Select(p => p.Trg));
        File.WriteAllLines(Path.Combine(Folder, "dev.src"), dev.Select(p => p.Src));
        File.WriteAllLines(Path.Combine(Folder, "dev.trg"), dev.Select(p => p.Trg));
        DevSources = dev.Select(p => p.Src).ToArray();
        DevTargets = dev.Select(p => p.Trg).ToArray();
    }

    /// <summary>The config text; <paramref name="training"/> lines are appended to the training section.</summary>
    public string Yaml(string modelDir = "model", string training = "", string model = "") => $"""
        name: toy-reverse
        data:
          train_src: {Folder}/train.src
          train_trg: {Folder}/train.trg
          dev_src: {Folder}/dev.src
          dev_trg: {Folder}/dev.trg
          tokenizer: word
        model:
          rnn: gru
          embedding: 24
          hidden: 48
          decoder: bahdanau
          attention: additive
          dropout: 0.1
        {model}
        training:
          seed: 3
          batch_sentences: 32
          epochs: 3
          lr: 0.005
          log_every: 10
          threads: 1
          model_dir: {Path.Combine(Folder, modelDir)}
        {training}
        decoding:
          beam: 3
        """.Replace("\n\n", "\n");

    /// <summary>A tiny Transformer (1+1 layers, d_model 16, 2 heads, ff 32) in place of the RNN model section; data.max_length
    /// 20 so that it fits the 24 positions.</summary>
    public const string TinyTransformerSection = """
        model:
          type: transformer
          layers: 1
          d_model: 16
          heads: 2
          ff: 32
          dropout: 0.0
          max_positions: 24
        """;

    /// <summary>The config text with <paramref name="modelSection"/> (a whole <c>model:</c> section) instead of the RNN's.</summary>
    public string YamlWithModel(string modelSection, string modelDir = "model", string training = "")
    {
        string yaml = Yaml(modelDir, training);
        int start = yaml.IndexOf("model:\n", StringComparison.Ordinal), end = yaml.IndexOf("training:\n", StringComparison.Ordinal);
        return (yaml[..start] + modelSection.ReplaceLineEndings("\n") + "\n" + yaml[end..]).Replace("tokenizer: word", "tokenizer: word\n  max_length: 20");
    }

    public ExperimentConfig Config(string modelDir = "model", string training = "", string model = "") =>
        ExperimentConfig.Parse(Yaml(modelDir, Indent(training), Indent(model)), Path.Combine(Folder, "toy.yaml"));

    private static string Indent(string lines) => string.Join("\n", lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "  " + l.Trim()));
}
