using Heed.Tests.Cli;
using Heed.Translation;

namespace Heed.Tests.Translation;

/// <summary>The library's front door (<see cref="Translator.Load"/>) on a tiny trained model, checked against what
/// the CLI's `heed translate` prints for the same directory (an independent path through the command line).</summary>
public class TranslatorApiTests(TinyTrainedModel trained) : IClassFixture<TinyTrainedModel>
{
    private string Fixture(string file = "") => file.Length == 0 ? trained.Directory : Path.Combine(trained.Folder, file);

    private string[] Inputs() => trained.Inputs;

    private string[] Cli(params string[] options)
    {
        string input = Fixture("api-input.txt");
        File.WriteAllLines(input, Inputs());
        var (exit, output, error) = CliRunner.Run(["translate", Fixture(), "--input", input, .. options]);
        Assert.True(exit == 0, error);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void LoadAndTranslate_GivesWhatTheCliGave()
    {
        var translator = Translator.Load(Fixture());
        var greedy = translator.Translate(Inputs(), new TranslateOptions(Beam: 1));
        Assert.Equal(Cli("--beam", "1"), greedy.Select(t => t.Text));
        // One string, beam 3 from the model's decoding section, 2-best: the CLI printed "score<TAB>text" per hypothesis.
        var expected = Cli("--beam", "3", "--nbest", "2").Select(l => l.Split('\t')).ToArray();
        var one = translator.Translate(Inputs()[1], new TranslateOptions(NBest: 2));
        Assert.Equal([expected[2][1], expected[3][1]], one.NBest.Select(n => n.Text));
        Assert.Equal(double.Parse(expected[2][0], System.Globalization.CultureInfo.InvariantCulture), one.Score, 4);
        // The alignment: one row per output token (EOS included), one column per source token (EOS included).
        Assert.Equal(one.OutputTokens.Length, one.Attention.Length);
        Assert.All(one.Attention, row => Assert.Equal(one.SourceTokens.Length, row.Length));
    }

    [Fact]
    public void OneTranslator_FromSeveralThreadsAtOnce_GivesTheSerialResults()
    {
        var translator = Translator.Load(Fixture());
        var inputs = Enumerable.Range(0, 40).Select(i => Inputs()[i % 4] + (i % 3 == 0 ? " a" : "")).ToArray();
        var options = new TranslateOptions(Beam: 3, NBest: 2, BatchSize: 8);
        var serial = translator.Translate(inputs, options);
        var parallel = new IReadOnlyList<Heed.Translation.Translation>[4];
        using var start = new Barrier(parallel.Length);
        var threads = Enumerable.Range(0, parallel.Length).Select(k => new Thread(() =>
        {
            start.SignalAndWait(); // all four search at the same moment
            parallel[k] = translator.Translate(inputs, options);
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        foreach (var result in parallel)
        {
            Assert.Equal(serial.Select(t => t.Text), result.Select(t => t.Text));
            Assert.Equal(serial.Select(t => t.Score), result.Select(t => t.Score));
        }
    }

    [Fact]
    public void Progress_CountsUpToTheTotal_AndCancellationStops()
    {
        var translator = Translator.Load(Fixture());
        var inputs = Enumerable.Range(0, 50).Select(i => Inputs()[i % 4]).ToArray();
        var reports = new List<TranslateProgress>();
        var progress = new SynchronousProgress(reports.Add);
        translator.Translate(inputs, new TranslateOptions(Beam: 1, BatchSize: 4), progress);
        Assert.True(reports.Count >= 2, $"{reports.Count} reports for 13 batches");
        Assert.Equal(reports.Select(r => r.Done).Order(), reports.Select(r => r.Done));
        Assert.Equal(new TranslateProgress(50, 50), reports[^1]);

        using var cancel = new CancellationTokenSource();
        var stopAfterFirst = new SynchronousProgress(_ => cancel.Cancel());
        Assert.ThrowsAny<OperationCanceledException>(() =>
            translator.Translate(inputs, new TranslateOptions(Beam: 1, BatchSize: 4), stopAfterFirst, cancel.Token));
    }

    [Theory]
    [InlineData(0, 1, "Beam")]
    [InlineData(2, 3, "NBest")]
    public void BadOptions_NameTheOption(int beam, int nbest, string name)
    {
        var translator = Translator.Load(Fixture());
        var e = Assert.Throws<HeedInputException>(() => translator.Translate("a b", new TranslateOptions(Beam: beam, NBest: nbest)));
        Assert.Contains(name, e.Message);
    }

    private sealed class SynchronousProgress(Action<TranslateProgress> report) : IProgress<TranslateProgress>
    {
        public void Report(TranslateProgress value) => report(value);
    }
}
