using System.Globalization;
using System.Text;

namespace Heed.Config;

/// <summary>Where the parallel data is and how it becomes tokens.</summary>
/// <param name="JointVocabulary">one BPE model and one vocabulary learned from both sides together (what shared
/// source–target embeddings need); otherwise each side has its own</param>
public sealed record DataConfig(
    string TrainSource, string TrainTarget, string? DevSource, string? DevTarget,
    string Tokenizer, bool Lowercase, int BpeMerges, int MinFrequency, int MaxVocabulary, int MaxLength,
    int MaxSentences, bool JointVocabulary = false)
{
    public static readonly string[] Tokenizers = ["word", "char", "bpe"];
}

/// <summary>How to train.</summary>
/// <param name="Schedule">plateau (decay on a dev-loss plateau), noam (linear warm-up to <see cref="LearningRate"/> over
/// <see cref="WarmupSteps"/>, then ∝ 1/√step) or constant</param>
/// <param name="Optimizer">adam (weight decay added to the gradient) or adamw (decoupled)</param>
public sealed record TrainingConfig(
    int Seed, int BatchTokens, int BatchSentences, int Epochs, int MaxSteps, double MaxMinutes,
    double LearningRate, double Clip, double LabelSmoothing, double LrDecay, int LrPatience, double MinLearningRate,
    int ValidateEvery, int EarlyStoppingPatience, int Threads, string ModelDir, int LogEvery,
    string Schedule = "plateau", int WarmupSteps = 4000, string Optimizer = "adam", double WeightDecay = 0, double Beta2 = 0.999)
{
    public static readonly string[] Schedules = ["plateau", "noam", "constant"];
    public static readonly string[] Optimizers = ["adam", "adamw"];
}

/// <summary>How to decode by default.</summary>
public sealed record DecodingConfig(int Beam, double Alpha, double MaxLengthRatio, int BatchSize, bool ReplaceUnk);

/// <summary>
/// A whole experiment: one YAML file with sections <c>data</c>, <c>model</c>, <c>training</c>, <c>decoding</c>.
/// Unknown keys are errors that list the valid ones; relative paths are resolved against the config file's folder.
/// </summary>
public sealed record ExperimentConfig(string Name, DataConfig Data, ModelConfig Model, TrainingConfig Training, DecodingConfig Decoding)
{
    /// <summary>The fallback of keys whose absence means something else than any value a user may give.</summary>
    private const int Unset = -1;

    /// <summary>Reads and validates a config file.</summary>
    /// <exception cref="HeedInputException">missing file, malformed YAML, unknown key or bad value (file, line and key named)</exception>
    public static ExperimentConfig Load(string file)
    {
        var config = Parse(File.Exists(file) ? File.ReadAllText(file) : throw new HeedInputException($"Config file '{file}' does not exist."), file);
        string folder = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
        string Resolve(string p) => Path.IsPathRooted(p) ? p : Path.GetFullPath(Path.Combine(folder, p));
        string? ResolveOptional(string? p) => p is null ? null : Resolve(p);
        return config with
        {
            Data = config.Data with
            {
                TrainSource = Resolve(config.Data.TrainSource), TrainTarget = Resolve(config.Data.TrainTarget),
                DevSource = ResolveOptional(config.Data.DevSource), DevTarget = ResolveOptional(config.Data.DevTarget),
            },
            Training = config.Training with { ModelDir = Resolve(config.Training.ModelDir) },
        };
    }

    /// <summary>Parses config text without touching the file system (paths stay as written).</summary>
    public static ExperimentConfig Parse(string yaml, string file)
    {
        var root = YamlSection.Parse(yaml, file);
        root.RejectKeysOtherThan(["name", "data", "model", "training", "decoding"]);
        string name = root.String("name", Path.GetFileNameWithoutExtension(file));

        var d = root.Section("data");
        var data = new DataConfig(
            TrainSource: d.Required("train_src"),
            TrainTarget: d.Required("train_trg"),
            DevSource: d.OptionalString("dev_src"),
            DevTarget: d.OptionalString("dev_trg"),
            Tokenizer: d.Choice("tokenizer", "word", DataConfig.Tokenizers),
            Lowercase: d.Bool("lowercase", false),
            BpeMerges: d.Int("bpe_merges", 8000, 0, 1_000_000),
            MinFrequency: d.Int("min_freq", 1, 1),
            MaxVocabulary: d.Int("max_vocab", 50_000, 8),
            MaxLength: d.Int("max_length", 80, 1),
            MaxSentences: d.Int("max_sentences", 0, 0),
            JointVocabulary: d.Bool("joint_vocab", false));
        d.RejectUnknownKeys();

        var model = ModelConfig.Parse(root.Section("model"));

        var t = root.Section("training");
        var training = new TrainingConfig(
            Seed: t.Int("seed", 1),
            BatchTokens: t.Int("batch_tokens", Unset, 0),
            BatchSentences: t.Int("batch_sentences", Unset, 0),
            Epochs: t.Int("epochs", 10, 1),
            MaxSteps: t.Int("max_steps", 0, 0),
            MaxMinutes: t.Double("max_minutes", 0, 0),
            LearningRate: t.Double("lr", 1e-3, 0, 10),
            Clip: t.Double("clip", 1.0, 0),
            LabelSmoothing: t.Double("label_smoothing", 0.0, 0, 0.99),
            LrDecay: t.Double("lr_decay", 0.5, 0, 1),
            LrPatience: t.Int("lr_patience", 2, 0),
            MinLearningRate: t.Double("min_lr", 1e-5, 0),
            ValidateEvery: t.Int("validate_every", 0, 0),
            EarlyStoppingPatience: t.Int("early_stopping", 0, 0),
            Threads: t.Int("threads", 0, 0, 1024),
            ModelDir: t.String("model_dir", Path.Combine("runs", name)),
            LogEvery: t.Int("log_every", 50, 1),
            Schedule: t.Choice("schedule", "plateau", TrainingConfig.Schedules),
            WarmupSteps: t.Int("warmup_steps", 4000, 1),
            Optimizer: t.Choice("optimizer", "adam", TrainingConfig.Optimizers),
            WeightDecay: t.Double("weight_decay", 0, 0, 1),
            Beta2: t.Double("beta2", 0.999, 0, 0.999999));
        t.RejectUnknownKeys();
        // Neither batch size given: tokens by default. Both given and none positive: an error, not a silent default.
        if (training.BatchTokens == Unset && training.BatchSentences == Unset)
            training = training with { BatchTokens = 4000, BatchSentences = 0 };
        else if (training.BatchTokens <= 0 && training.BatchSentences <= 0)
            throw new HeedInputException($"{file}: training.batch_tokens and training.batch_sentences are both 0; give one of them a positive size (e.g. batch_tokens: 4000).");
        else
            training = training with { BatchTokens = Math.Max(0, training.BatchTokens), BatchSentences = Math.Max(0, training.BatchSentences) };

        var c = root.Section("decoding");
        var decoding = new DecodingConfig(
            Beam: c.Int("beam", 5, 1, 100),
            Alpha: c.Double("alpha", 1.0, 0, 5),
            MaxLengthRatio: c.Double("max_length_ratio", 2.0, 0.1, 10),
            BatchSize: c.Int("batch_size", 64, 1),
            ReplaceUnk: c.Bool("replace_unk", false));
        c.RejectUnknownKeys();
        // Missing and inconsistent values only after every section's keys were checked: a typo (an unknown key) is
        // usually the cause of a "missing" one, so it is the error to see first.
        root.RejectMissingKeys();
        if ((data.DevSource is null) != (data.DevTarget is null))
            throw new HeedInputException($"{file}: give both 'data.dev_src' and 'data.dev_trg', or neither.");
        if (model is TransformerConfig transformer)
        {
            if (transformer.ModelDim % transformer.Heads != 0)
                throw new HeedInputException($"{file}: model.d_model = {transformer.ModelDim} must be a multiple of model.heads = {transformer.Heads} (each head gets d_model / heads dimensions).");
            if (transformer.ShareEmbeddings && !data.JointVocabulary)
                throw new HeedInputException($"{file}: model.share_embeddings needs data.joint_vocab: true (one vocabulary for both sides, so one embedding matrix can serve both).");
            if (data.MaxLength + 1 > transformer.MaxPositions)
                throw new HeedInputException($"{file}: data.max_length = {data.MaxLength} needs model.max_positions ≥ {data.MaxLength + 1} (a sentence's tokens plus BOS or EOS); model.max_positions is {transformer.MaxPositions}.");
        }
        return new ExperimentConfig(name, data, model, training, decoding);
    }

    /// <summary>The config as YAML that <see cref="Parse"/> reads back to an equal record (saved in the model directory).</summary>
    public string ToYaml()
    {
        var sb = new StringBuilder();
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        string Q(string? s) => s is null ? "null" : "'" + s.Replace("'", "''") + "'";
        string B(bool b) => b ? "true" : "false";
        sb.AppendLine($"name: {Q(Name)}");
        sb.AppendLine("data:");
        sb.AppendLine($"  train_src: {Q(Data.TrainSource)}\n  train_trg: {Q(Data.TrainTarget)}\n  dev_src: {Q(Data.DevSource)}\n  dev_trg: {Q(Data.DevTarget)}");
        sb.AppendLine($"  tokenizer: {Data.Tokenizer}\n  lowercase: {B(Data.Lowercase)}\n  bpe_merges: {Data.BpeMerges}\n  min_freq: {Data.MinFrequency}\n  max_vocab: {Data.MaxVocabulary}\n  max_length: {Data.MaxLength}\n  max_sentences: {Data.MaxSentences}\n  joint_vocab: {B(Data.JointVocabulary)}");
        sb.AppendLine("model:");
        Model.WriteYaml(sb);
        sb.AppendLine("training:");
        sb.AppendLine($"  seed: {Training.Seed}\n  batch_tokens: {Training.BatchTokens}\n  batch_sentences: {Training.BatchSentences}\n  epochs: {Training.Epochs}\n  max_steps: {Training.MaxSteps}\n  max_minutes: {F(Training.MaxMinutes)}");
        sb.AppendLine($"  lr: {F(Training.LearningRate)}\n  clip: {F(Training.Clip)}\n  label_smoothing: {F(Training.LabelSmoothing)}\n  lr_decay: {F(Training.LrDecay)}\n  lr_patience: {Training.LrPatience}\n  min_lr: {F(Training.MinLearningRate)}");
        sb.AppendLine($"  validate_every: {Training.ValidateEvery}\n  early_stopping: {Training.EarlyStoppingPatience}\n  threads: {Training.Threads}\n  model_dir: {Q(Training.ModelDir)}\n  log_every: {Training.LogEvery}");
        sb.AppendLine($"  schedule: {Training.Schedule}\n  warmup_steps: {Training.WarmupSteps}\n  optimizer: {Training.Optimizer}\n  weight_decay: {F(Training.WeightDecay)}\n  beta2: {F(Training.Beta2)}");
        sb.AppendLine("decoding:");
        sb.AppendLine($"  beam: {Decoding.Beam}\n  alpha: {F(Decoding.Alpha)}\n  max_length_ratio: {F(Decoding.MaxLengthRatio)}\n  batch_size: {Decoding.BatchSize}\n  replace_unk: {B(Decoding.ReplaceUnk)}");
        return sb.ToString();
    }
}
