using Heed.Config;
using Heed.Decoding;
using Heed.Io;
using Heed.Tensors;
using Heed.Training;
using Heed.Translation;
using Heed.Viz;

namespace Heed.Tests.Training;

public class TrainerTests
{
    private static double ExactMatch(string modelDir, ToyTask task, int beam)
    {
        var (config, source, target, model) = new ModelDirectory(modelDir).Load();
        var outputs = new Translator(model, source, target, config.Data.MaxLength)
            .Translate(task.DevSources, new SearchOptions(Beam: beam), batchSize: 16);
        return outputs.Zip(task.DevTargets).Count(p => p.First.Text == p.Second) / (double)task.DevTargets.Length;
    }

    [Fact]
    public void ReverseTask_LossFalls_AndExactMatchPasses90Percent()
    {
        var task = new ToyTask();
        var config = task.Config();
        var result = new Trainer(config with { Training = config.Training with { Epochs = 6 } }).Run();
        var log = MetricsLog.Read(Path.Combine(result.ModelDir, "metrics.jsonl"));
        var (_, losses) = log.Series("train_loss");
        // A uniform guess over the 12 target symbols costs ln 12 ≈ 2.48 nats; learning must take it far below.
        Assert.True(losses[0] > 1.5, $"first logged loss {losses[0]}");
        Assert.True(losses[^1] < 0.5 * losses[0], $"loss went from {losses[0]} to {losses[^1]}");
        double greedy = ExactMatch(result.ModelDir, task, beam: 1), beam = ExactMatch(result.ModelDir, task, beam: 3);
        Assert.True(greedy >= 0.9, $"greedy exact match {greedy}");
        Assert.True(beam >= 0.9, $"beam exact match {beam}");
    }

    [Theory]
    [InlineData("luong", "general", "lstm", false)]
    [InlineData("luong", "dot", "gru", true)]
    [InlineData("bahdanau", "cosine", "lstm", false)]
    [InlineData("bahdanau", "location", "gru", false)]
    public void EveryDecoderAndCell_Trains_AndBeamSearchRuns(string decoder, string attention, string rnn, bool tie)
    {
        var task = new ToyTask(trainPairs: 400);
        var config = task.Config(training: "max_steps: 40\nvalidate_every: 40");
        config = config with { Model = ((RnnConfig)config.Model) with { Decoder = decoder, Attention = attention, Rnn = rnn, TieEmbeddings = tie, EmbeddingSize = 48 } };
        var result = new Trainer(config).Run();
        var (_, losses) = MetricsLog.Read(Path.Combine(result.ModelDir, "metrics.jsonl")).Series("train_loss");
        Assert.True(losses[^1] < losses[0], $"{decoder}/{attention}/{rnn}: loss {losses[0]} → {losses[^1]}");
        var (c, source, target, model) = new ModelDirectory(result.ModelDir).Load();
        var outputs = new Translator(model, source, target, c.Data.MaxLength).Translate(task.DevSources, new SearchOptions(Beam: 4), 8);
        Assert.Equal(task.DevSources.Length, outputs.Count);
        Assert.All(outputs, o => Assert.All(o.Attention, row => Assert.Equal(1f, row.Sum(), 3)));
    }

    [Fact]
    public void Checkpoint_SaveLoad_GivesIdenticalTranslations()
    {
        var task = new ToyTask(trainPairs: 300);
        var config = task.Config(training: "max_steps: 15");
        var trainer = new Trainer(config);
        Heed.Models.Seq2SeqModel? trained = null;
        trainer.AfterStep = (model, _) => trained = model;
        trainer.Run();
        var dir = new ModelDirectory(config.Training.ModelDir);
        var (_, source, target, loaded) = dir.Load(best: false);
        trained!.Eval();
        var options = new SearchOptions(Beam: 3);
        var before = new Translator(trained, source, target, 50).Translate(task.DevSources, options, 8);
        var after = new Translator(loaded, source, target, 50).Translate(task.DevSources, options, 8);
        Assert.Equal(before.Select(t => t.Text), after.Select(t => t.Text));
        Assert.Equal(before.Select(t => t.Score), after.Select(t => t.Score));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\nschedule: noam\nwarmup_steps: 8\noptimizer: adamw\nweight_decay: 0.01\nbeta2: 0.98")]
    [InlineData("\nschedule: constant")]
    public void Resume_ContinuesExactlyWhereTrainingStopped(string schedule)
    {
        // Same seed and threads: 12 steps, then resume to 24, must equal 24 steps in one go, bit for bit — for every
        // schedule and optimiser (the step-counted schedules must restart at the right step).
        var task = new ToyTask(trainPairs: 400);
        var split = task.Config("split", "max_steps: 12\nvalidate_every: 12" + schedule);
        new Trainer(split).Run();
        new Trainer(task.Config("split", "max_steps: 24\nvalidate_every: 12" + schedule)).Run(resume: true);
        new Trainer(task.Config("whole", "max_steps: 24\nvalidate_every: 12" + schedule)).Run();
        var a = SafeTensors.Read(Path.Combine(task.Folder, "split", "last.safetensors"));
        var b = SafeTensors.Read(Path.Combine(task.Folder, "whole", "last.safetensors"));
        Assert.Equal("24", a.Metadata["step"]);
        Assert.Equal(b.Tensors.Select(t => t.Name), a.Tensors.Select(t => t.Name));
        foreach (var t in b.Tensors) Assert.Equal(t.Floats, a[t.Name].Floats);
    }

    [Fact]
    public void NaNLoss_Stops_AndKeepsTheLastGoodCheckpoint()
    {
        var task = new ToyTask(trainPairs: 300);
        var config = task.Config(training: "validate_every: 4\nmax_steps: 30");
        var trainer = new Trainer(config)
        {
            // Poison one weight after step 6: step 7's loss is NaN. The checkpoint of step 4 must survive untouched.
            AfterStep = (model, step) => { if (step == 6) model.NamedParameters().Single(p => p.Name == "output.bias").Parameter.Span[0] = float.NaN; },
        };
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Run());
        Assert.Contains("step 7", e.Message);
        var last = SafeTensors.Read(Path.Combine(config.Training.ModelDir, "last.safetensors"));
        Assert.Equal("4", last.Metadata["step"]);
        Assert.All(last.Tensors.Where(t => t.DType == SafeTensors.DType.F32), t => Assert.All(t.Floats, v => Assert.True(float.IsFinite(v))));
    }

    [Fact]
    public void EmptyLines_AreSkipped_AndCountedInTheLog()
    {
        var task = new ToyTask(trainPairs: 200, corruptTrainLine: i => i % 50 == 0 ? "" : null!);
        var config = task.Config(training: "max_steps: 2");
        new Trainer(config).Run();
        string log = File.ReadAllText(Path.Combine(config.Training.ModelDir, "train.log"));
        Assert.Contains("4 empty lines skipped", log);
    }
}

[Collection(SerialCollection.Name)]
public class TrainerDeterminismTests
{
    [Fact]
    public void SameSeedAndThreads_GiveIdenticalWeights_OnTwoThreads()
    {
        var task = new ToyTask(trainPairs: 300);
        string Train(string dir)
        {
            // Wide enough that the GEMMs (≥ 2·10⁷ flops) and the row-split ops really run on two threads.
            var config = task.Config(dir, "max_steps: 6");
            new Trainer(config with
            {
                Training = config.Training with { Threads = 2, BatchSentences = 64 },
                Model = ((RnnConfig)config.Model) with { HiddenSize = 384, EmbeddingSize = 64 },
            }).Run();
            return Path.Combine(task.Folder, dir, "last.safetensors");
        }
        var a = SafeTensors.Read(Train("run1"));
        var b = SafeTensors.Read(Train("run2"));
        foreach (var t in a.Tensors) Assert.Equal(t.Floats, b[t.Name].Floats);
    }
}

public class JointVocabularyTests
{
    [Theory]
    [InlineData("word")]
    [InlineData("bpe")]
    public void JointVocab_GivesBothSidesOneVocabulary_HoldingTheTokensOfEach(string tokenizer)
    {
        var task = new ToyTask(trainPairs: 200);
        // Targets spelled with other letters (a → p, b → q, …), so the two sides share no token.
        foreach (var file in new[] { "train.trg", "dev.trg" })
        {
            string path = Path.Combine(task.Folder, file);
            File.WriteAllLines(path, File.ReadAllLines(path).Select(l => new string(l.Select(c => c == ' ' ? c : (char)(c + 15)).ToArray())));
        }
        string yaml = task.Yaml(training: "  max_steps: 2").Replace("tokenizer: word", $"tokenizer: {tokenizer}\n  bpe_merges: 20\n  joint_vocab: true");
        var config = ExperimentConfig.Parse(yaml, Path.Combine(task.Folder, "toy.yaml"));
        new Trainer(config).Run();
        var dir = new ModelDirectory(config.Training.ModelDir);
        var sourceVocabulary = File.ReadAllLines(dir.SourceVocabularyFile);
        Assert.Equal(sourceVocabulary, File.ReadAllLines(dir.TargetVocabularyFile));
        Assert.Contains(sourceVocabulary, t => t.StartsWith('a'));
        Assert.Contains(sourceVocabulary, t => t.StartsWith('p'));
        if (tokenizer == "bpe") Assert.Equal(File.ReadAllText(dir.SourceBpeFile), File.ReadAllText(dir.TargetBpeFile));
    }
}
