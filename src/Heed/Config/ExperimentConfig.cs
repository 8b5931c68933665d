using System.Globalization;
using System.Text;

namespace Heed.Config;

/// <summary>
/// Where the parallel data is and how it becomes tokens: the <c>data</c> section of a config. Each default is the
/// value the YAML loader uses for an absent key, so <c>new DataConfig("train.de", "train.en")</c> means what a
/// <c>data</c> section with only <c>train_src</c> and <c>train_trg</c> means.
/// </summary>
/// <param name="TrainSource">the training source file (<c>train_src</c>): one sentence per line, aligned line by line
/// with <paramref name="TrainTarget"/>; a relative path is taken from the current directory here, from the config
/// file's folder in YAML</param>
/// <param name="TrainTarget">the training target file (<c>train_trg</c>), with as many lines as
/// <paramref name="TrainSource"/></param>
/// <param name="DevSource">the development source file (<c>dev_src</c>) that validation translates and scores with
/// BLEU; null for none, in which case the last epoch's model is the best one</param>
/// <param name="DevTarget">the development references (<c>dev_trg</c>); given exactly when
/// <paramref name="DevSource"/> is</param>
/// <param name="Tokenizer">how a line becomes tokens (<c>tokenizer</c>): <c>word</c> (split on spaces),
/// <c>char</c> (one token per character) or <c>bpe</c> (byte-pair subwords learned from the training data); one of
/// <see cref="Tokenizers"/></param>
/// <param name="Lowercase">lowercase every line before tokenizing (<c>lowercase</c>)</param>
/// <param name="BpeMerges">merges learned for the <c>bpe</c> tokenizer (<c>bpe_merges</c>), 0 to 1,000,000; ignored
/// by the other tokenizers</param>
/// <param name="MinFrequency">a token seen fewer times in the training data than this (at least 1) is unknown
/// (<c>min_freq</c>)</param>
/// <param name="MaxVocabulary">the most frequent tokens kept per vocabulary, special tokens included (at least 8;
/// <c>max_vocab</c>)</param>
/// <param name="MaxLength">training pairs with a side longer than this many tokens are dropped (at least 1;
/// <c>max_length</c>); translation truncates inputs to it too</param>
/// <param name="MaxSentences">train on at most this many pairs, the first ones kept (<c>max_sentences</c>); 0 for
/// all</param>
/// <param name="JointVocabulary">one BPE model and one vocabulary learned from both sides together (what shared
/// source–target embeddings need); otherwise each side has its own</param>
public sealed record DataConfig(
    string TrainSource, string TrainTarget, string? DevSource = null, string? DevTarget = null,
    string Tokenizer = "word", bool Lowercase = false, int BpeMerges = 8000, int MinFrequency = 1, int MaxVocabulary = 50_000,
    int MaxLength = 80, int MaxSentences = 0, bool JointVocabulary = false)
{
    /// <summary>The values <see cref="Tokenizer"/> may take.</summary>
    public static readonly IReadOnlyList<string> Tokenizers = ["word", "char", "bpe"];
}

/// <summary>
/// How to train: the <c>training</c> section of a config. Only <paramref name="ModelDir"/> has no default; every
/// other default is the value the YAML loader uses for an absent key.
/// </summary>
/// <param name="ModelDir">the model directory (<c>model_dir</c>; YAML's default is <c>runs/NAME</c>) that receives
/// the config, vocabularies, checkpoints, log and metrics, and that <c>Translator.Load</c> reads back</param>
/// <param name="Seed">seeds the weights' initialisation, the batch shuffling and dropout (<c>seed</c>): the same seed,
/// data and thread count give the same model</param>
/// <param name="BatchTokens">a training batch holds at most this many target tokens (<c>batch_tokens</c>); 0 to batch
/// by <paramref name="BatchSentences"/> instead. Give exactly one of the two a positive value</param>
/// <param name="BatchSentences">a training batch holds this many sentence pairs (<c>batch_sentences</c>); used when
/// <paramref name="BatchTokens"/> is 0</param>
/// <param name="Epochs">passes over the training data (at least 1; <c>epochs</c>)</param>
/// <param name="MaxSteps">stop after this many optimiser steps (<c>max_steps</c>); 0 for no limit</param>
/// <param name="MaxMinutes">stop after this many minutes of wall-clock time (<c>max_minutes</c>); 0 for no limit</param>
/// <param name="LearningRate">the optimiser's step size (<c>lr</c>), 0 to 10; with the noam schedule, the peak reached
/// after warm-up</param>
/// <param name="Clip">the largest L2 norm of all gradients together; larger ones are scaled down to it (<c>clip</c>);
/// 0 for no clipping</param>
/// <param name="LabelSmoothing">the probability mass spread evenly over the vocabulary in the loss's target
/// distribution (<c>label_smoothing</c>), 0 to 0.99</param>
/// <param name="LrDecay">plateau schedule: the factor (0 to 1) the learning rate is multiplied by when the dev loss
/// stops improving (<c>lr_decay</c>)</param>
/// <param name="LrPatience">plateau schedule: validations without improvement before a decay (<c>lr_patience</c>)</param>
/// <param name="MinLearningRate">plateau schedule: the learning rate never decays below this (<c>min_lr</c>)</param>
/// <param name="ValidateEvery">validate on the dev set every this many steps (<c>validate_every</c>); 0 for once per
/// epoch</param>
/// <param name="EarlyStoppingPatience">stop after this many validations without a better dev BLEU
/// (<c>early_stopping</c>); 0 to never stop early</param>
/// <param name="Threads">CPU threads for training (<c>threads</c>), up to 1024; 0 for one per processor</param>
/// <param name="LogEvery">write a progress line to the log every this many steps (at least 1; <c>log_every</c>)</param>
/// <param name="Schedule">plateau (decay on a dev-loss plateau), noam (linear warm-up to <see cref="LearningRate"/> over
/// <see cref="WarmupSteps"/>, then ∝ 1/√step) or constant</param>
/// <param name="WarmupSteps">noam schedule: steps of linear warm-up (at least 1; <c>warmup_steps</c>)</param>
/// <param name="Optimizer">adam (weight decay added to the gradient) or adamw (decoupled)</param>
/// <param name="WeightDecay">the optimiser's weight decay (<c>weight_decay</c>), 0 to 1</param>
/// <param name="Beta2">Adam's decay rate of the squared-gradient average (<c>beta2</c>), 0 to 0.999999</param>
public sealed record TrainingConfig(
    string ModelDir, int Seed = 1, int BatchTokens = 4000, int BatchSentences = 0, int Epochs = 10, int MaxSteps = 0,
    double MaxMinutes = 0, double LearningRate = 1e-3, double Clip = 1.0, double LabelSmoothing = 0, double LrDecay = 0.5,
    int LrPatience = 2, double MinLearningRate = 1e-5, int ValidateEvery = 0, int EarlyStoppingPatience = 0, int Threads = 0,
    int LogEvery = 50, string Schedule = "plateau", int WarmupSteps = 4000, string Optimizer = "adam", double WeightDecay = 0,
    double Beta2 = 0.999)
{
    /// <summary>The values <see cref="Schedule"/> may take.</summary>
    public static readonly IReadOnlyList<string> Schedules = ["plateau", "noam", "constant"];

    /// <summary>The values <see cref="Optimizer"/> may take.</summary>
    public static readonly IReadOnlyList<string> Optimizers = ["adam", "adamw"];
}

/// <summary>
/// How to decode by default: the <c>decoding</c> section of a config, which a loaded model's
/// <c>Translator</c> uses for every option a call leaves unset. Each default is the YAML loader's.
/// </summary>
/// <param name="Beam">the beam width (<c>beam</c>), 1 (greedy) to 100</param>
/// <param name="Alpha">the exponent α of the length penalty ((5 + length) / 6)^α that a finished hypothesis'
/// log-probability is divided by (Wu et al. 2016), 0 to 5: 0 ranks by log-probability alone, larger values favour
/// longer outputs</param>
/// <param name="MaxLengthRatio">an output stops at this many times its source's length (<c>max_length_ratio</c>), 0.1
/// to 10</param>
/// <param name="BatchSize">sentences translated together (at least 1; <c>batch_size</c>)</param>
/// <param name="ReplaceUnk">replace each unknown output token by the source token it attends to most
/// (<c>replace_unk</c>)</param>
public sealed record DecodingConfig(int Beam = 5, double Alpha = 1.0, double MaxLengthRatio = 2.0, int BatchSize = 64, bool ReplaceUnk = false);

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

        // Each fallback is the record's own default (read off a record built with defaults), so the YAML loader and
        // code that builds the records cannot disagree about what an absent value means.
        var d = root.Section("data");
        var data = new DataConfig(TrainSource: d.Required("train_src"), TrainTarget: d.Required("train_trg"));
        data = data with
        {
            DevSource = d.OptionalString("dev_src"),
            DevTarget = d.OptionalString("dev_trg"),
            Tokenizer = d.Choice("tokenizer", data.Tokenizer, DataConfig.Tokenizers),
            Lowercase = d.Bool("lowercase", data.Lowercase),
            BpeMerges = d.Int("bpe_merges", data.BpeMerges, 0, 1_000_000),
            MinFrequency = d.Int("min_freq", data.MinFrequency, 1),
            MaxVocabulary = d.Int("max_vocab", data.MaxVocabulary, 8),
            MaxLength = d.Int("max_length", data.MaxLength, 1),
            MaxSentences = d.Int("max_sentences", data.MaxSentences, 0),
            JointVocabulary = d.Bool("joint_vocab", data.JointVocabulary),
        };
        d.RejectUnknownKeys();

        var model = ModelConfig.Parse(root.Section("model"));

        var t = root.Section("training");
        var training = new TrainingConfig(ModelDir: Path.Combine("runs", name));
        // Read in the order the keys are listed, so that of two bad values the first one is reported.
        int seed = t.Int("seed", training.Seed);
        int batchTokens = t.Int("batch_tokens", Unset, 0), batchSentences = t.Int("batch_sentences", Unset, 0);
        training = training with
        {
            Seed = seed,
            Epochs = t.Int("epochs", training.Epochs, 1),
            MaxSteps = t.Int("max_steps", training.MaxSteps, 0),
            MaxMinutes = t.Double("max_minutes", training.MaxMinutes, 0),
            LearningRate = t.Double("lr", training.LearningRate, 0, 10),
            Clip = t.Double("clip", training.Clip, 0),
            LabelSmoothing = t.Double("label_smoothing", training.LabelSmoothing, 0, 0.99),
            LrDecay = t.Double("lr_decay", training.LrDecay, 0, 1),
            LrPatience = t.Int("lr_patience", training.LrPatience, 0),
            MinLearningRate = t.Double("min_lr", training.MinLearningRate, 0),
            ValidateEvery = t.Int("validate_every", training.ValidateEvery, 0),
            EarlyStoppingPatience = t.Int("early_stopping", training.EarlyStoppingPatience, 0),
            Threads = t.Int("threads", training.Threads, 0, 1024),
            ModelDir = t.String("model_dir", training.ModelDir),
            LogEvery = t.Int("log_every", training.LogEvery, 1),
            Schedule = t.Choice("schedule", training.Schedule, TrainingConfig.Schedules),
            WarmupSteps = t.Int("warmup_steps", training.WarmupSteps, 1),
            Optimizer = t.Choice("optimizer", training.Optimizer, TrainingConfig.Optimizers),
            WeightDecay = t.Double("weight_decay", training.WeightDecay, 0, 1),
            Beta2 = t.Double("beta2", training.Beta2, 0, 0.999999),
        };
        t.RejectUnknownKeys();
        // Neither batch size given: the record's default (tokens). One given: that one alone (the other is 0, so an
        // omitted key never joins in). Both given and none positive: an error, not a silent default.
        if (batchTokens != Unset || batchSentences != Unset)
        {
            if (batchTokens <= 0 && batchSentences <= 0)
                throw new HeedInputException($"{file}: training.batch_tokens and training.batch_sentences are both 0; give one of them a positive size (e.g. batch_tokens: {training.BatchTokens}).");
            training = training with { BatchTokens = Math.Max(0, batchTokens), BatchSentences = Math.Max(0, batchSentences) };
        }

        var c = root.Section("decoding");
        var decoding = new DecodingConfig();
        decoding = decoding with
        {
            Beam = c.Int("beam", decoding.Beam, 1, 100),
            Alpha = c.Double("alpha", decoding.Alpha, 0, 5),
            MaxLengthRatio = c.Double("max_length_ratio", decoding.MaxLengthRatio, 0.1, 10),
            BatchSize = c.Int("batch_size", decoding.BatchSize, 1),
            ReplaceUnk = c.Bool("replace_unk", decoding.ReplaceUnk),
        };
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
