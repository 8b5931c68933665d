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
