using Heed.Config;

namespace Heed.Tests.Config;

public class ExperimentConfigTests
{
    private const string Minimal = "data:\n  train_src: a.de\n  train_trg: a.en\n";

    [Fact]
    public void Minimal_GetsDefaults_AndRoundTripsThroughYaml()
    {
        var c = ExperimentConfig.Parse(Minimal + "model:\n  attention: general\n  hidden: 64\n", "x.yaml");
        var rnn = Assert.IsType<RnnConfig>(c.Model); // no model.type: an RNN, as before the key existed
        Assert.Equal("general", rnn.Attention);
        Assert.Equal(64, rnn.HiddenSize);
        Assert.Equal(4000, c.Training.BatchTokens); // neither batch size given: tokens by default
        var again = ExperimentConfig.Parse(c.ToYaml(), "saved.yaml");
        Assert.Equal(c, again);
    }

    [Fact]
    public void UnknownKey_IsNamed_WithLine_AndTheValidKeysListed()
    {
        var e = Assert.Throws<HeedInputException>(() => ExperimentConfig.Parse(Minimal + "model:\n  hiden: 64\n", "cfg.yaml"));
        Assert.Contains("cfg.yaml:5", e.Message);
        Assert.Contains("model.hiden", e.Message);
        Assert.Contains("hidden", e.Message);
        Assert.Contains("attention", e.Message);
    }

    [Fact]
    public void UnknownSection_IsNamed()
    {
        var e = Assert.Throws<HeedInputException>(() => ExperimentConfig.Parse(Minimal + "trainer:\n  lr: 1\n", "cfg.yaml"));
        Assert.Contains("'trainer'", e.Message);
        Assert.Contains("training", e.Message);
    }

    [Fact]
    public void MalformedYaml_NamesFileAndLine()
    {
        var e = Assert.Throws<HeedInputException>(() => ExperimentConfig.Parse("data:\n  train_src: [a, b\n  x: y\n", "bad.yaml"));
        Assert.Contains("bad.yaml:", e.Message);
        Assert.Contains("malformed YAML", e.Message);
    }

    [Theory]
    [InlineData("model:\n  attention: magic\n", "model.attention", "additive")]
    [InlineData("model:\n  hidden: lots\n", "model.hidden", "whole number")]
    [InlineData("model:\n  dropout: 2\n", "model.dropout", "[0, 0.95]")]
    [InlineData("training:\n  lr: 1e-3x\n", "training.lr", "number")]
    public void BadValues_NameKeyAndRule(string extra, string key, string hint)
    {
        var e = Assert.Throws<HeedInputException>(() => ExperimentConfig.Parse(Minimal + extra, "c.yaml"));
        Assert.Contains(key, e.Message);
        Assert.Contains(hint, e.Message);
    }

    [Fact]
    public void MissingTrainingData_IsNamed()
    {
        var e = Assert.Throws<HeedInputException>(() => ExperimentConfig.Parse("model:\n  hidden: 8\n", "c.yaml"));
        Assert.Contains("data.train_src", e.Message);
    }

    [Theory]
    // The typo is the error to see, not the "required" key it hid (issue 15): at the top level, in a section, and
    // in a later section than the missing key's.
    [InlineData("modle:\n  hidden: 3\n", "unknown key 'modle'")]
    [InlineData("data:\n  train_source: a.de\n  train_trg: a.en\n", "unknown key 'data.train_source'")]
    [InlineData("data:\n  train_trg: a.en\ntraining:\n  ephocs: 3\n", "unknown key 'training.ephocs'")]
    public void UnknownKeys_AreReportedBeforeMissingOnes(string yaml, string expected)
    {
        var e = Assert.Throws<HeedInputException>(() => ExperimentConfig.Parse(yaml, "x.yaml"));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain("required", e.Message);
    }

    [Fact]
    public void ModelType_DefaultsToRnn_AndAnUnknownTypeListsTheKinds()
    {
        Assert.Equal("rnn", ExperimentConfig.Parse(Minimal, "x.yaml").Model.Type);
        Assert.IsType<RnnConfig>(ExperimentConfig.Parse(Minimal + "model:\n  type: rnn\n", "x.yaml").Model);
        var e = Assert.Throws<HeedInputException>(() => ExperimentConfig.Parse(Minimal + "model:\n  type: lstm\n", "x.yaml"));
        Assert.Contains("model.type", e.Message);
        Assert.Contains("rnn", e.Message);
    }

    [Fact]
    public void ScheduleAndOptimizer_AreRead_Validated_AndRoundTrip()
    {
        var c = ExperimentConfig.Parse(Minimal + "training:\n  schedule: noam\n  warmup_steps: 100\n  optimizer: adamw\n  weight_decay: 0.01\n  beta2: 0.98\n", "x.yaml");
        Assert.Equal(("noam", 100, "adamw", 0.01, 0.98), (c.Training.Schedule, c.Training.WarmupSteps, c.Training.Optimizer, c.Training.WeightDecay, c.Training.Beta2));
        Assert.Equal(c, ExperimentConfig.Parse(c.ToYaml(), "saved.yaml"));
        var d = ExperimentConfig.Parse(Minimal, "x.yaml");
        Assert.Equal(("plateau", "adam"), (d.Training.Schedule, d.Training.Optimizer)); // the RNN recipes' behaviour
        var e = Assert.Throws<HeedInputException>(() => ExperimentConfig.Parse(Minimal + "training:\n  schedule: cosine\n", "x.yaml"));
        Assert.Contains("training.schedule", e.Message);
        Assert.Contains("plateau, noam, constant", e.Message);
    }

    [Fact]
    public void MissingFile_IsNamed()
    {
        var e = Assert.Throws<HeedInputException>(() => ExperimentConfig.Load("/nonexistent/heed.yaml"));
        Assert.Contains("/nonexistent/heed.yaml", e.Message);
    }
}

/// <summary>
/// The config records carry defaults so that a config built in code is short (samples/HelloHeed). They must be the
/// YAML loader's: a record built with defaults equals what a config file with those keys absent loads.
/// </summary>
public class ConfigRecordDefaultsTests
{
    private const string Minimal = "data:\n  train_src: a.de\n  train_trg: a.en\n";

    [Fact]
    public void RecordsBuiltWithDefaults_EqualWhatAConfigFileWithoutThoseKeysLoads()
    {
        var parsed = ExperimentConfig.Parse(Minimal, "x.yaml");
        Assert.Equal(new DataConfig("a.de", "a.en"), parsed.Data);
        Assert.Equal(new RnnConfig(), parsed.Model);
        Assert.Equal(new TrainingConfig(Path.Combine("runs", "x")), parsed.Training);
        Assert.Equal(new DecodingConfig(), parsed.Decoding);
        Assert.Equal(new TransformerConfig(), ExperimentConfig.Parse(Minimal + "model:\n  type: transformer\n", "x.yaml").Model);
    }

    [Fact]
    public void Defaults_AreTheValuesTheLoaderUsedBeforeTheRecordsHadDefaults()
    {
        // Expected values: the YAML loader's literal fallbacks at commit 94dd8ea, before they moved onto the records;
        // giving the records defaults must not have changed what any existing config file means.
        var c = ExperimentConfig.Parse(Minimal, "x.yaml");
        Assert.Equal(("word", false, 8000, 1, 50_000, 80, 0, false),
            (c.Data.Tokenizer, c.Data.Lowercase, c.Data.BpeMerges, c.Data.MinFrequency, c.Data.MaxVocabulary, c.Data.MaxLength, c.Data.MaxSentences, c.Data.JointVocabulary));
        var rnn = Assert.IsType<RnnConfig>(c.Model);
        Assert.Equal(("gru", 256, 512, 1, 1, "bahdanau", "additive", 0, 0.3, false, 0, 10, "general", "soft"),
            (rnn.Rnn, rnn.EmbeddingSize, rnn.HiddenSize, rnn.EncoderLayers, rnn.DecoderLayers, rnn.Decoder, rnn.Attention, rnn.AttentionSize,
             rnn.Dropout, rnn.TieEmbeddings, rnn.MaxSourceLength, rnn.Window, rnn.LocalScore, rnn.AttentionMode));
        var t = c.Training;
        Assert.Equal((1, 4000, 0, 10, 0, 0.0, 1e-3, 1.0, 0.0, 0.5, 2, 1e-5),
            (t.Seed, t.BatchTokens, t.BatchSentences, t.Epochs, t.MaxSteps, t.MaxMinutes, t.LearningRate, t.Clip, t.LabelSmoothing, t.LrDecay, t.LrPatience, t.MinLearningRate));
        Assert.Equal((0, 0, 0, 50, "plateau", 4000, "adam", 0.0, 0.999),
            (t.ValidateEvery, t.EarlyStoppingPatience, t.Threads, t.LogEvery, t.Schedule, t.WarmupSteps, t.Optimizer, t.WeightDecay, t.Beta2));
        Assert.Equal((5, 1.0, 2.0, 64, false), (c.Decoding.Beam, c.Decoding.Alpha, c.Decoding.MaxLengthRatio, c.Decoding.BatchSize, c.Decoding.ReplaceUnk));
        var transformer = Assert.IsType<TransformerConfig>(ExperimentConfig.Parse(Minimal + "model:\n  type: transformer\n", "x.yaml").Model);
        Assert.Equal(new TransformerConfig(3, 3, 256, 4, 1024, 0.1, 0.0, "pre", "sinusoidal", 256, "relu", false, false), transformer);
    }

    [Fact]
    public void OneBatchSizeGiven_InAFile_ZeroesTheOther()
    {
        var c = ExperimentConfig.Parse(Minimal + "training:\n  batch_sentences: 32\n", "x.yaml");
        Assert.Equal((0, 32), (c.Training.BatchTokens, c.Training.BatchSentences));
    }

    [Theory]
    [InlineData(4000, 32, "are both positive")] // in code, BatchSentences alone leaves the default BatchTokens on
    [InlineData(0, 0, "give one of them a positive size")]
    public void Trainer_RefusesAConfigBuiltInCode_WithBothOrNeitherBatchSize(int tokens, int sentences, string expected)
    {
        var config = new ExperimentConfig("x", new DataConfig("a.de", "a.en"), new RnnConfig(),
            new TrainingConfig("unused", BatchTokens: tokens, BatchSentences: sentences), new DecodingConfig());
        var e = Assert.Throws<HeedInputException>(() => new Heed.Training.Trainer(config));
        Assert.Contains(expected, e.Message);
        Assert.Contains("BatchSentences", e.Message);
    }
}
