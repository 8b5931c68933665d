using System.Text.Json;
using Heed.Cli.Commands;
using Heed.Demo;
using Heed.Memory;
using Heed.Pointer;
using Heed.Tests.Cli;

namespace Heed.Tests.Demo;

/// <summary>heed demo --task sort-pointer|convex-hull|ntm-copy end to end on tiny settings, and their range checks.</summary>
public class PointerAndNtmDemoTests
{
    private static string NewOut() => Path.Combine(Directory.CreateTempSubdirectory("heed-demo-model").FullName, "demo");

    private static (int Exit, string Out, string Err) Demo(params string[] args) => DemoCommandTests.Run(DemoCommand.Create(), args);

    [Theory]
    [InlineData("sort-pointer")]
    [InlineData("convex-hull")]
    public void PointerTask_RunsEndToEnd_WritesModelPicturesAndJson(string task)
    {
        string outDir = NewOut();
        var (exit, output, error) = Demo("--task", task, "--out", outDir, "--steps", "4", "--batch", "8", "--hidden", "8", "--min-n", "4", "--max-n", "5",
            "--test-n", "5", "7", "--test-sets", "6", "--eval-every", "2", "--beam", "2", "--threads", "1", "--json");
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Contains("held-out n = 7", output);
        using var json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.Equal(task, json.RootElement.GetProperty("task").GetString());
        Assert.InRange(json.RootElement.GetProperty("exact").GetProperty("5").GetDouble(), 0, 1);
        foreach (var file in new[] { "report.html", "learning-curve.tsv", "pointer-example-1.svg", "pointer-example-1.png" })
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
        var model = PointerCheckpoint.Load(Path.Combine(outDir, "model", "pointer.safetensors"));
        Assert.Equal(8, model.Config.Hidden);
        if (task == "convex-hull") Assert.Contains("area coverage", output);
        // Curve points at steps 2 and 4: header plus two lines.
        Assert.Equal(3, File.ReadAllLines(Path.Combine(outDir, "learning-curve.tsv")).Length);
    }

    [Fact]
    public void HullOptions_TrainAndSaveTheNetworkTheyDescribe()
    {
        string outDir = NewOut();
        var (exit, output, error) = Demo("--task", "convex-hull", "--out", outDir, "--steps", "3", "--batch", "4", "--hidden", "8", "--min-n", "5", "--max-n", "5",
            "--test-n", "5", "--test-sets", "3", "--bidirectional", "--final-lr", "1e-4", "--start-at-lowest", "--attention-size", "6", "--glimpse", "--beam", "2", "--convex-beam", "--threads", "1");
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Contains("held-out n = 5", output);
        Assert.Contains("convex beam 2: exact", output);
        var model = PointerCheckpoint.Load(Path.Combine(outDir, "model", "pointer.safetensors"));
        Assert.True(model.Config.Bidirectional);
        Assert.Equal(6, model.Config.AttentionSize);
        Assert.True(model.Config.Glimpse);
        string report = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("encoder both ways, 4 each), attention 6 with a glimpse", report);
        Assert.Contains("decaying to 0.0001", report);
        Assert.Contains("answers rotated to start at their lowest index", report);
        Assert.Contains("exact (beam 2, convex answers only)", report);
    }

    [Fact]
    public void InitFrom_StartsFromTheSavedNetwork()
    {
        // With a learning rate of 1e-9 one step changes nothing visible, so the saved network comes out as it went in.
        string first = NewOut(), second = NewOut();
        string[] tiny = ["--task", "convex-hull", "--steps", "2", "--batch", "4", "--hidden", "8", "--min-n", "4", "--max-n", "4", "--test-n", "4", "--test-sets", "3", "--threads", "1"];
        Assert.Equal(0, Demo([.. tiny, "--out", first]).Exit);
        string saved = Path.Combine(first, "model", "pointer.safetensors");
        var (exit, _, error) = Demo([.. tiny, "--out", second, "--init-from", saved, "--lr", "1e-9", "--seed", "7"]);
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        var before = PointerCheckpoint.Load(saved).V.ToArray();
        var after = PointerCheckpoint.Load(Path.Combine(second, "model", "pointer.safetensors")).V.ToArray();
        Assert.Equal(before, after, (a, b) => Math.Abs(a - b) < 1e-6f);
        Assert.NotEqual(before, new Heed.Pointer.PointerNetwork(new PointerNetworkConfig(2, 8, 8, 8), seed: 7).V.ToArray());
        Assert.True(File.Exists(Path.Combine(second, "pointer-hull-1.svg")));
    }

    [Fact]
    public void NtmCopy_RunsEndToEnd_WritesCurveWeightingsAndModel()
    {
        string outDir = NewOut();
        var (exit, output, error) = Demo("--task", "ntm-copy", "--out", outDir, "--steps", "3", "--batch", "2", "--memory-locations", "8",
            "--memory-width", "4", "--controller", "8", "--max-length", "3", "--test-lengths", "3", "6", "--test-sequences", "2", "--eval-every", "1",
            "--threads", "1", "--json");
        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Contains("held-out length 6:", output);
        using var json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.InRange(json.RootElement.GetProperty("bits_per_sequence").GetProperty("6").GetDouble(), 0, 6 * 8);
        foreach (var file in new[] { "report.html", "learning-curve.tsv", "ntm-write-6.svg", "ntm-read-6.png" })
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(outDir, "learning-curve.tsv")).Length);
        Assert.Equal(8, NtmCheckpoint.Load(Path.Combine(outDir, "model", "ntm.safetensors")).Config.Locations);
    }

    [Theory]
    [InlineData("sort-pointer", "--min-n", "1", "--min-n 1: must be in [2, 200]")]
    [InlineData("convex-hull", "--test-n", "1", "--test-n 1: must be in [2, 200]")]
    [InlineData("sort-pointer", "--beam", "0", "--beam 0: must be in [1, 64]")]
    [InlineData("convex-hull", "--final-lr", "0.002", "--final-lr 0.002: must be in (0, 0.001] (at most --lr)")]
    [InlineData("convex-hull", "--final-lr", "0", "--final-lr 0: must be in (0, 0.001]")]
    [InlineData("convex-hull", "--attention-size", "0", "--attention-size 0: must be in [1, 4096]")]
    [InlineData("convex-hull", "--decay-start", "1", "--decay-start 1: must be in [0, 1)")]
    [InlineData("ntm-copy", "--test-lengths", "200", "--test-lengths 200: must be in [1, 128] (a sequence longer than the memory cannot be stored")]
    [InlineData("ntm-copy", "--max-length", "129", "--max-length 129: must be in [1, 128]")]
    [InlineData("ntm-copy", "--memory-locations", "1", "--memory-locations 1: must be in [2, 4096]")]
    public void OutOfRange_ExitsWithInputErrorNamingOptionAndRange(string task, string option, string value, string message)
    {
        var (exit, _, error) = Demo("--task", task, "--out", NewOut(), option, value);
        Assert.Equal(CliErrors.InputError, exit);
        Assert.Contains(message, error);
    }

    [Fact]
    public void UnknownTask_ListsTheModelTasksToo()
    {
        var (exit, _, error) = Demo("--task", "hull");
        Assert.Equal(CliErrors.InputError, exit);
        Assert.Contains("dates, reverse, copy, sort, sort-pointer, convex-hull, ntm-copy", error);
    }

    [Theory]
    [InlineData("--start-at-lowest")]
    [InlineData("--convex-beam")]
    public void HullOnlyOptions_AreInputErrorsForSorting(string option)
    {
        var (exit, _, error) = Demo("--task", "sort-pointer", "--out", NewOut(), option, "--steps", "1");
        Assert.Equal(CliErrors.InputError, exit);
        Assert.Contains(option + ": only for convex-hull", error);
    }

    [Fact]
    public void BidirectionalWithOddHidden_NamesTheOption()
    {
        var (exit, _, error) = Demo("--task", "convex-hull", "--out", NewOut(), "--bidirectional", "--hidden", "7");
        Assert.Equal(CliErrors.InputError, exit);
        Assert.Contains("--hidden 7: must be even with --bidirectional", error);
    }

    [Fact]
    public void FinalLr_DecaysExponentiallyFromLrAtTheFirstStepToFinalLrAtTheLast()
    {
        // 1e-3 → 1e-5 over 3 steps: each step multiplies by 0.1.
        var s = PointerDemoSettings.For("convex-hull") with { Steps = 3, LearningRate = 1e-3, FinalLearningRate = 1e-5 };
        Assert.Equal(1e-3, s.LearningRateAt(1), 12);
        Assert.Equal(1e-4, s.LearningRateAt(2), 12);
        Assert.Equal(1e-5, s.LearningRateAt(3), 12);
        Assert.Equal(1e-5, s.LearningRateAt(4), 12);
        Assert.Equal(1e-3, (s with { FinalLearningRate = null }).LearningRateAt(3), 12);
    }

    [Fact]
    public void DecayStart_HoldsTheRate_AndMaxSecondsCanEndTheDecayFirst()
    {
        // 5 steps, decay from halfway: steps 1–3 (fraction done 0, 0.25, 0.5) at 1e-3, step 4 (0.75) halfway down in
        // log, step 5 at 1e-5.
        var s = PointerDemoSettings.For("convex-hull") with { Steps = 5, LearningRate = 1e-3, FinalLearningRate = 1e-5, DecayStart = 0.5 };
        Assert.Equal(1e-3, s.LearningRateAt(1), 12);
        Assert.Equal(1e-3, s.LearningRateAt(3), 12);
        Assert.Equal(1e-4, s.LearningRateAt(4), 12);
        Assert.Equal(1e-5, s.LearningRateAt(5), 12);
        // With 100 s allowed, 75 s in is three quarters done even at step 2; 100 s and more is the end.
        var timed = s with { Steps = 1000, MaxSeconds = 100 };
        Assert.Equal(1e-4, timed.LearningRateAt(2, 75), 12);
        Assert.Equal(1e-5, timed.LearningRateAt(2, 130), 12);
        Assert.Equal(1e-3, timed.LearningRateAt(2, 10), 12);
    }

    [Fact]
    public void MaxNBelowMinN_NamesTheRange()
    {
        var (exit, _, error) = Demo("--task", "convex-hull", "--out", NewOut(), "--min-n", "8", "--max-n", "5");
        Assert.Equal(CliErrors.InputError, exit);
        Assert.Contains("--max-n 5: must be in [8, 200]", error);
    }
}
