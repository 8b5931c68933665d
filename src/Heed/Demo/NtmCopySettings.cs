namespace Heed.Demo;

/// <summary>How <c>heed demo --task ntm-copy</c> trains and tests (defaults: the paper's copy setup, 8 bits, lengths 1–20).</summary>
/// <param name="Steps">training batches (--steps)</param>
/// <param name="Batch">sequences per batch (--batch); every batch has one length drawn from [MinLength, MaxLength]</param>
/// <param name="MinLength">shortest training sequence (--min-length)</param>
/// <param name="MaxLength">longest training sequence (--max-length)</param>
/// <param name="TestLengths">held-out lengths to report (--test-lengths), each ≤ Locations</param>
/// <param name="TestSequences">held-out sequences per test length (--test-sequences)</param>
/// <param name="Bits">bits per vector</param>
/// <param name="Locations">memory locations N (--memory-locations)</param>
/// <param name="Width">memory width M (--memory-width)</param>
/// <param name="Controller">LSTM controller units (--controller)</param>
/// <param name="LearningRate">Adam's learning rate (--lr)</param>
/// <param name="EvalEvery">steps between points of the learning curve (--eval-every)</param>
/// <param name="Clip">gradient norm clip</param>
/// <param name="MaxSeconds">stop training after this long even before Steps (--max-seconds; 0 = no limit)</param>
public sealed record NtmCopySettings(
    int Steps = 8000, int Batch = 16, int MinLength = 1, int MaxLength = 20, int[]? TestLengths = null, int TestSequences = 100,
    int Bits = 8, int Locations = 128, int Width = 20, int Controller = 100, double LearningRate = 1e-3, int EvalEvery = 250, float Clip = 10f,
    double MaxSeconds = 0)
{
    /// <summary>The lengths tested after training: the paper's 20, and 30 and 40 for generalisation.</summary>
    public IReadOnlyList<int> Lengths => TestLengths ?? [20, 30, 40];

    /// <summary>Throws when a setting is out of range, naming its option and the valid range.</summary>
    /// <exception cref="HeedInputException">a setting is out of range.</exception>
    public void Validate()
    {
        DemoChecks.Range(Steps, "--steps", 1, 10_000_000);
        DemoChecks.Range(Batch, "--batch", 1, 4096);
        DemoChecks.Range(Locations, "--memory-locations", 2, 4096);
        DemoChecks.Range(Width, "--memory-width", 1, 1024);
        DemoChecks.Range(Controller, "--controller", 1, 4096);
        DemoChecks.Range(Bits, "bits", 1, 64);
        DemoChecks.Range(MinLength, "--min-length", 1, Locations);
        DemoChecks.Range(MaxLength, "--max-length", MinLength, Locations);
        DemoChecks.Range(TestSequences, "--test-sequences", 1, 100_000);
        DemoChecks.Range(EvalEvery, "--eval-every", 1, 10_000_000);
        if (!(LearningRate > 0 && LearningRate < 1)) throw new HeedInputException($"--lr {LearningRate}: must be in (0, 1).");
        if (!(MaxSeconds >= 0)) throw new HeedInputException($"--max-seconds {MaxSeconds}: must be ≥ 0 (0 = no limit).");
        if (Lengths.Count == 0) throw new HeedInputException("--test-lengths: give at least one length.");
        foreach (int length in Lengths)
            DemoChecks.Range(length, "--test-lengths", 1, Locations, " (a sequence longer than the memory cannot be stored; raise --memory-locations)");
    }
}
