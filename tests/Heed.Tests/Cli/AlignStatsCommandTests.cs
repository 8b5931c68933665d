using System.Text.Json;
using Heed.Cli.Commands;
using Heed.Decoding;
using Heed.Io;
using Heed.Tests.Demo;
using Heed.Translation;

namespace Heed.Tests.Cli;

[Collection(TinyDemoCollection.Name)]
public class AlignStatsCommandTests(TinyDemoModel tiny)
{
    [Fact]
    public void Json_IsTheSharpnessOfTheTranslationsWeights()
    {
        string src = Path.Combine(Directory.CreateTempSubdirectory("heed-align-stats").FullName, "in.txt");
        File.WriteAllText(src, "cabd\n\nedcba\nbb\n");
        var (exit, output, error) = DemoCommandTests.Run(AlignStatsCommand.Create(), tiny.Result.ModelDir, "--src", src, "--beam", "1", "--json");
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        var json = JsonDocument.Parse(output).RootElement;

        // The independent source: the same model run here through the library, and the statistics by their formula.
        var (config, source, target, model) = new ModelDirectory(tiny.Result.ModelDir).Load();
        var rows = new Translator(model, source, target, config.Data.MaxLength)
            .Translate(["cabd", "edcba", "bb"], new SearchOptions(Beam: 1, MaxLengthRatio: config.Decoding.MaxLengthRatio), 8)
            .SelectMany(t => t.Attention).ToArray();
        double Entropy(float[] a) => -a.Where(w => w > 0).Sum(w => w / a.Sum() * Math.Log(w / a.Sum()));
        Assert.Equal(3, json.GetProperty("sentences").GetInt32());
        Assert.Equal(rows.Length, json.GetProperty("rows").GetInt32());
        // The JSON rounds to 4 decimals. A tolerance, not "equal at 3 decimal places": that rounds both sides first,
        // and failed when the JSON's 0.7485 and the formula's 0.748512 fell on either side of a rounding boundary.
        Assert.Equal(rows.Average(Entropy), json.GetProperty("mean_entropy").GetDouble(), tolerance: 1e-4);
        Assert.Equal(rows.Average(a => a.Max() / a.Sum()), json.GetProperty("mean_top_share").GetDouble(), tolerance: 1e-4);
    }

    [Fact]
    public void EmptySource_IsAnInputError()
    {
        string src = Path.Combine(Directory.CreateTempSubdirectory("heed-align-stats").FullName, "empty.txt");
        File.WriteAllText(src, "\n\n");
        var (exit, _, error) = DemoCommandTests.Run(AlignStatsCommand.Create(), tiny.Result.ModelDir, "--src", src);
        Assert.Equal(2, exit);
        Assert.Contains("empty.txt", error);
    }
}
