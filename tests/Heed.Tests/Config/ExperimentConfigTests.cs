using Heed.Config;

namespace Heed.Tests.Config;

public class ExperimentConfigTests
{
    private const string Minimal = "data:\n  train_src: a.de\n  train_trg: a.en\n";

    [Fact]
    public void Minimal_GetsDefaults_AndRoundTripsThroughYaml()
    {
        var c = ExperimentConfig.Parse(Minimal + "model:\n  attention: general\n  hidden: 64\n", "x.yaml");
        Assert.Equal("general", c.Model.Attention);
        Assert.Equal(64, c.Model.HiddenSize);
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

    [Fact]
    public void MissingFile_IsNamed()
    {
        var e = Assert.Throws<HeedInputException>(() => ExperimentConfig.Load("/nonexistent/heed.yaml"));
        Assert.Contains("/nonexistent/heed.yaml", e.Message);
    }
}
