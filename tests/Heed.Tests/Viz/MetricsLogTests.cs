using Heed.Viz;

namespace Heed.Tests.Viz;

public class MetricsLogTests
{
    private const string Sample = """
        {"step":100,"train_loss":3.2,"lr":0.001}
        {"step":200,"train_loss":2.8,"run":"abc","extra":{"nested":true}}

        {"step":500,"dev_loss":2.9,"dev_bleu":12.3,"dev_ppl":18.2}
        """;

    [Fact]
    public void Parse_KeepsNumericMetrics_AndToleratesUnknownKeys()
    {
        var log = MetricsLog.Parse(new StringReader(Sample), "metrics.jsonl");
        Assert.Equal(3, log.Entries.Count);
        var (steps, losses) = log.Series("train_loss");
        Assert.Equal([100.0, 200.0], steps);
        Assert.Equal([3.2, 2.8], losses);
        var (bleuSteps, bleu) = log.Series("dev_bleu");
        Assert.Equal([500.0], bleuSteps);
        Assert.Equal([12.3], bleu);
        Assert.Equal(0.001, log.Entries[0].Values["lr"]);
        Assert.False(log.Entries[1].Values.ContainsKey("run"));
        Assert.False(log.Has("nonexistent"));
    }

    [Theory]
    [InlineData("{\"step\":300,\"train_loss\":", "not valid JSON")]
    [InlineData("[1,2]", "expected a JSON object")]
    [InlineData("{\"train_loss\":2.0}", "missing key \"step\"")]
    [InlineData("{\"step\":-5}", "non-negative integer")]
    [InlineData("{\"step\":1.5}", "non-negative integer")]
    [InlineData("{\"step\":7,\"dev_bleu\":\"high\"}", "\"dev_bleu\" must be a finite number")]
    [InlineData("{\"step\":7,\"train_loss\":NaN}", "not valid JSON")]
    public void BadLine_NamesFileAndLine(string bad, string expected)
    {
        string text = "{\"step\":100,\"train_loss\":3.2}\n\n" + bad + "\n";
        var e = Assert.Throws<HeedInputException>(() => MetricsLog.Parse(new StringReader(text), "run/metrics.jsonl"));
        Assert.StartsWith("run/metrics.jsonl:3:", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Read_MissingFile_NamesIt()
    {
        var e = Assert.Throws<HeedInputException>(() => MetricsLog.Read("/nonexistent-heed/metrics.jsonl"));
        Assert.Contains("/nonexistent-heed/metrics.jsonl", e.Message);
    }
}
