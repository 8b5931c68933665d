using System.Globalization;
using Heed.Config;
using Heed.Data;
using Heed.Models;
using Heed.Tensors;
using Heed.Translation;

namespace Heed.Io;

/// <summary>
/// A trained model on disk: <c>config.yaml</c>, <c>vocab.src.txt</c>, <c>vocab.trg.txt</c>, <c>bpe.src.codes</c> and
/// <c>bpe.trg.codes</c> (BPE only), <c>best.safetensors</c> (weights), <c>last.safetensors</c> (weights, optimiser
/// state and progress, for resuming), <c>train.log</c>, <c>metrics.jsonl</c>. Every file is written atomically.
/// </summary>
public sealed class ModelDirectory
{
    /// <summary>The folder, as given (relative paths are taken from the current directory when a file is opened).</summary>
    public string Path { get; }

    /// <summary>Names a model directory; nothing is read or created until a member that does so is called.</summary>
    /// <param name="path">the folder <c>training.model_dir</c> names</param>
    public ModelDirectory(string path) => Path = path;

    /// <summary><c>config.yaml</c>: the whole experiment as trained, which rebuilds the model's shape on load.</summary>
    public string ConfigFile => File("config.yaml");

    /// <summary><c>vocab.src.txt</c>: the source vocabulary, one token per line in id order.</summary>
    public string SourceVocabularyFile => File("vocab.src.txt");

    /// <summary><c>vocab.trg.txt</c>: the target vocabulary, one token per line in id order.</summary>
    public string TargetVocabularyFile => File("vocab.trg.txt");

    /// <summary><c>bpe.src.codes</c>: the source side's BPE merges, present only with <c>data.tokenizer: bpe</c>.</summary>
    public string SourceBpeFile => File("bpe.src.codes");

    /// <summary><c>bpe.trg.codes</c>: the target side's BPE merges, present only with <c>data.tokenizer: bpe</c>.</summary>
    public string TargetBpeFile => File("bpe.trg.codes");

    /// <summary><c>best.safetensors</c>: the weights at the best dev BLEU so far (the last validation's without a dev
    /// set); what <see cref="Load"/> reads by default.</summary>
    public string BestCheckpoint => File("best.safetensors");

    /// <summary><c>last.safetensors</c>: the weights, optimiser state and progress at the last validation or
    /// interruption, from which a training resumes.</summary>
    public string LastCheckpoint => File("last.safetensors");

    /// <summary><c>train.log</c>: the training's log lines, appended to by every run in this folder.</summary>
    public string LogFile => File("train.log");

    /// <summary><c>metrics.jsonl</c>: one JSON object per logged step and validation (loss, learning rate, BLEU,
    /// speed), the data of the training curves.</summary>
    public string MetricsFile => File("metrics.jsonl");

    private string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Creates the folder, with a clear error when that is impossible.</summary>
    internal void Create()
    {
        try { Directory.CreateDirectory(Path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HeedInputException($"Cannot create the model directory '{Path}': {e.Message} Set training.model_dir to a folder you can write.", e);
        }
    }

    /// <summary>Whether a training has saved a checkpoint here (what <c>heed train</c> refuses to replace without
    /// <c>--overwrite</c>).</summary>
    public bool HasCheckpoint => System.IO.File.Exists(BestCheckpoint) || System.IO.File.Exists(LastCheckpoint);

    /// <summary>Removes the checkpoints and metrics of an earlier training, before a new one starts here (the log
    /// is kept: it is appended to, so it tells the story of the folder).</summary>
    internal void ClearTrainingOutputs()
    {
        foreach (var file in new[] { BestCheckpoint, LastCheckpoint, MetricsFile })
            if (System.IO.File.Exists(file)) System.IO.File.Delete(file);
    }

    /// <summary>Saves the config and both sides' vocabularies (and BPE codes).</summary>
    internal void SaveTextSides(ExperimentConfig config, TextSide source, TextSide target)
    {
        AtomicFile.WriteAllText(ConfigFile, config.ToYaml());
        source.Vocabulary.Save(SourceVocabularyFile);
        target.Vocabulary.Save(TargetVocabularyFile);
        if (source.Tokenizer is BpeTokenizer sb) sb.Save(SourceBpeFile);
        if (target.Tokenizer is BpeTokenizer tb) tb.Save(TargetBpeFile);
    }

    /// <summary>The format tag of a module's checkpoints: a translation model's own
    /// (<see cref="Seq2SeqModel.CheckpointFormat"/>), or "heed-module-1:" and the module's type for any other module.</summary>
    public static string FormatOf(Tensors.Nn.Module model) =>
        model is Seq2SeqModel seq2seq ? seq2seq.CheckpointFormat : $"heed-module-1:{model.GetType().Name}";

    /// <summary>Writes the model's parameters (and any extra tensors, such as optimiser state) with metadata.</summary>
    public static void SaveCheckpoint(string file, Tensors.Nn.Module model, IEnumerable<(string Name, float[] Data, int[] Shape)>? extra = null,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var tensors = model.NamedParameters()
            .Select(p => new SafeTensors.Tensor(p.Name, p.Parameter.Shape.ToArray(), p.Parameter.ToArray()))
            .Concat((extra ?? []).Select(e => new SafeTensors.Tensor(e.Name, e.Shape, e.Data)))
            .ToList();
        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>()) { ["format"] = FormatOf(model) };
        SafeTensors.Write(file, tensors, meta);
    }

    /// <summary>Reads a checkpoint into the model's parameters (names and shapes must match); returns the file's contents.</summary>
    public static SafeTensors.Contents LoadCheckpoint(string file, Tensors.Nn.Module model)
    {
        if (!System.IO.File.Exists(file)) throw new HeedInputException($"Checkpoint '{file}' does not exist.");
        SafeTensors.Contents contents;
        try { contents = SafeTensors.Read(file); }
        catch (HeedInputException e)
        {
            throw new HeedInputException($"{e.Message} The checkpoint is damaged (cut short by a copy, or not written by Heed): copy it again from where it was trained, or train again.", e);
        }
        string expected = FormatOf(model);
        if (!contents.Metadata.TryGetValue("format", out var format) || format != expected)
            throw new HeedInputException($"Checkpoint '{file}' is of format '{format ?? "unknown"}'; this model ({model.GetType().Name}) reads '{expected}'. Was it written for another model.type, or by another Heed version? Train the model again with this version.");
        foreach (var (name, parameter) in model.NamedParameters())
        {
            var stored = contents.Tensors.FirstOrDefault(t => t.Name == name)
                ?? throw new HeedInputException($"Checkpoint '{file}' has no tensor '{name}': it was made for another model configuration.");
            if (!stored.Shape.SequenceEqual(parameter.Shape.ToArray()))
                throw new HeedInputException($"Checkpoint '{file}': tensor '{name}' has shape [{string.Join(", ", stored.Shape)}], the model expects [{string.Join(", ", parameter.Shape.ToArray())}]. " +
                    "The config.yaml (model sizes) and vocabularies beside it are not the ones it was trained with: restore them from the training's model directory.");
            stored.Floats.CopyTo(parameter.Span);
        }
        return contents;
    }

    /// <summary>Loads the config, text sides and the chosen checkpoint into a ready model.</summary>
    /// <exception cref="HeedInputException">missing directory or file, or a checkpoint of another version or shape</exception>
    public (ExperimentConfig Config, TextSide Source, TextSide Target, Seq2SeqModel Model) Load(bool best = true)
    {
        if (!Directory.Exists(Path)) throw new HeedInputException($"Model directory '{Path}' does not exist.");
        foreach (var required in new[] { ConfigFile, SourceVocabularyFile, TargetVocabularyFile })
            if (!System.IO.File.Exists(required))
                throw new HeedInputException($"'{Path}' is not a Heed model directory: '{System.IO.Path.GetFileName(required)}' is missing. Give the folder heed train wrote (its training.model_dir), copied whole.");
        var config = ExperimentConfig.Parse(System.IO.File.ReadAllText(ConfigFile), ConfigFile);
        var (source, target) = LoadTextSides(config);
        var model = ModelFactory.Create(config.Model, source.Vocabulary.Count, target.Vocabulary.Count, config.Training.Seed);
        string checkpoint = best && System.IO.File.Exists(BestCheckpoint) ? BestCheckpoint : LastCheckpoint;
        if (!System.IO.File.Exists(checkpoint))
            throw new HeedInputException($"'{Path}' holds no weights ({(best ? "best.safetensors or " : "")}last.safetensors): its training has not saved a checkpoint yet. Train it, or wait for its first validation.");
        LoadCheckpoint(checkpoint, model);
        model.Eval();
        return (config, source, target, model);
    }

    /// <summary>The tokenisers and vocabularies saved by <see cref="SaveTextSides"/>.</summary>
    internal (TextSide Source, TextSide Target) LoadTextSides(ExperimentConfig config)
    {
        var baseTokenizer = TextSide.BaseTokenizer(config.Data);
        ITokenizer Side(string bpeFile) => config.Data.Tokenizer == "bpe" ? BpeTokenizer.Load(bpeFile, baseTokenizer) : baseTokenizer;
        return (new TextSide(Side(SourceBpeFile), Vocabulary.Load(SourceVocabularyFile)),
                new TextSide(Side(TargetBpeFile), Vocabulary.Load(TargetVocabularyFile)));
    }

    internal static string Invariant(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
