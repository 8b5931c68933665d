using Heed.Config;

namespace Heed.Tests.Config;

/// <summary>The attention keys of <c>model.type: rnn</c>: every mechanism, local attention's window and score, hard
/// attention, and the settings that make no sense.</summary>
public class RnnAttentionConfigTests
{
    private const string Minimal = "data:\n  train_src: a.de\n  train_trg: a.en\nmodel:\n";

    private static RnnConfig Read(string modelLines) =>
        Assert.IsType<RnnConfig>(ExperimentConfig.Parse(Minimal + modelLines, "cfg.yaml").Model);

    [Theory]
    [InlineData("additive")]
    [InlineData("general")]
    [InlineData("dot")]
    [InlineData("scaled_dot")]
    [InlineData("cosine")]
    [InlineData("location")]
    [InlineData("local-m")]
    [InlineData("local-p")]
    public void EveryMechanism_IsRead_SoftAndHard_AndRoundTrips(string attention)
    {
        foreach (string mode in new[] { "soft", "hard" })
        {
            var c = ExperimentConfig.Parse(Minimal + $"  attention: {attention}\n  attention_mode: {mode}\n", "cfg.yaml");
            var rnn = Assert.IsType<RnnConfig>(c.Model);
            Assert.Equal((attention, mode), (rnn.Attention, rnn.AttentionMode));
            Assert.Equal(c, ExperimentConfig.Parse(c.ToYaml(), "saved.yaml"));
        }
    }

    [Fact]
    public void Defaults_AreSoft_AndLocalAttentionGetsLuongsWindowAndTheGeneralScore()
    {
        var global = Read("  attention: dot\n");
        Assert.Equal("soft", global.AttentionMode);
        Assert.Equal("dot", global.Score);
        var local = Read("  attention: local-p\n");
        Assert.Equal((10, "general", "general"), (local.Window, local.LocalScore, local.Score));
    }

    [Fact]
    public void LocalKeys_AreRead_AndRoundTrip()
    {
        var c = ExperimentConfig.Parse(Minimal + "  attention: local-m\n  window: 0\n  local_score: scaled_dot\n", "cfg.yaml");
        var rnn = Assert.IsType<RnnConfig>(c.Model);
        Assert.Equal((0, "scaled_dot", "scaled_dot"), (rnn.Window, rnn.LocalScore, rnn.Score));
        Assert.Equal(c, ExperimentConfig.Parse(c.ToYaml(), "saved.yaml"));
        Assert.Contains("local-m (scaled_dot score, D = 0)", rnn.Summary);
    }

    [Theory]
    [InlineData("  attention: local-p\n  window: 0\n", "model.window", "[1, 1000]")]   // σ = D/2 must be positive
    [InlineData("  attention: local-m\n  window: -1\n", "model.window", "[0, 1000]")]
    [InlineData("  attention: local-m\n  window: 1001\n", "model.window", "[0, 1000]")]
    [InlineData("  attention: local-m\n  window: wide\n", "model.window", "whole number")]
    [InlineData("  attention: dot\n  window: 5\n", "model.window", "local-m or local-p")]
    [InlineData("  attention: general\n  local_score: dot\n", "model.local_score", "local-m or local-p")]
    [InlineData("  attention: local-m\n  local_score: local-p\n", "model.local_score", "general, additive, dot, scaled_dot, cosine, location")]
    [InlineData("  attention: global\n", "model.attention", "additive, general, dot, scaled_dot, cosine, location, local-m, local-p")]
    [InlineData("  attention_mode: stochastic\n", "model.attention_mode", "soft, hard")]
    public void BadAttentionSettings_NameTheKeyAndTheValidValues(string lines, string key, string valid)
    {
        var e = Assert.Throws<HeedInputException>(() => Read(lines));
        Assert.Contains(key, e.Message);
        Assert.Contains(valid, e.Message);
    }
}
