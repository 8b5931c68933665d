using System.Globalization;

namespace Heed.Demo;

/// <summary>How <c>heed demo --task sort-pointer|convex-hull</c> trains and tests a pointer network.</summary>
/// <param name="Steps">training batches (--steps)</param>
/// <param name="Batch">examples per batch (--batch); a batch's examples share one n drawn from [MinN, MaxN]</param>
/// <param name="MinN">fewest input elements in training (--min-n)</param>
/// <param name="MaxN">most input elements in training (--max-n)</param>
/// <param name="TestN">input sizes of the held-out sets (--test-n); sizes above MaxN test generalisation</param>
/// <param name="TestSets">held-out inputs per test size (--test-sets)</param>
/// <param name="Hidden">LSTM units (--hidden); the embedding size equals it, and the attention size unless AttentionSize is given</param>
/// <param name="LearningRate">Adam's learning rate (--lr)</param>
/// <param name="Beam">beam width for the held-out answers besides greedy (--beam; 1 = greedy only)</param>
/// <param name="MaskChosen">forbid pointing at a position twice (--no-mask turns it off)</param>
/// <param name="EvalEvery">steps between learning-curve points (--eval-every)</param>
/// <param name="MaxSeconds">stop training after this long even before Steps (--max-seconds; 0 = no limit)</param>
/// <param name="Clip">gradient norm clip</param>
/// <param name="InitFrom">a pointer checkpoint of the same sizes to start from instead of a random network (--init-from), or null</param>
/// <param name="Bidirectional">the encoder reads both ways, Hidden / 2 units each (--bidirectional)</param>
/// <param name="FinalLearningRate">
/// null: Adam's rate stays LearningRate; otherwise it decays exponentially from LearningRate to this rate at the end of
/// training (--final-lr), the end being step Steps or, with MaxSeconds, that many seconds if they come first
/// </param>
/// <param name="ConvexBeam">
/// convex-hull only: the beam answers (width Beam, 1 = greedy) are searched among answers that can still be convex
/// counter-clockwise polygons (<see cref="Pointer.ConvexHull.KeepsConvex"/>), judged from the points and the answer
/// alone (--convex-beam); greedy stays unconstrained
/// </param>
/// <param name="DecayStart">the fraction of training run at LearningRate before the decay to FinalLearningRate begins (--decay-start, in [0, 1))</param>
/// <param name="StartAtLowest">
/// convex-hull only: each answer (greedy and beam) is read as a closed polygon and rotated to start at its own lowest
/// index, the target's convention (--start-at-lowest); it uses nothing but the answer
/// </param>
/// <param name="Glimpse">the pointer's query is a glimpse over the encoded inputs (--glimpse)</param>
/// <param name="AttentionSize">the size A of the pointer's score vᵀ tanh(W1 e + W2 d) (--attention-size), or null for Hidden</param>
public sealed record PointerDemoSettings(
    int Steps, int Batch, int MinN, int MaxN, int[] TestN, int TestSets = 1000, int Hidden = 128, double LearningRate = 1e-3,
    int Beam = 1, bool MaskChosen = true, int EvalEvery = 100, double MaxSeconds = 0, float Clip = 2f, string? InitFrom = null,
    bool Bidirectional = false, double? FinalLearningRate = null, bool StartAtLowest = false, int? AttentionSize = null, bool Glimpse = false,
    double DecayStart = 0, bool ConvexBeam = false)
{
    /// <summary>
    /// Adam's rate for training step <paramref name="step"/> (1 for the first), <paramref name="seconds"/> into training:
    /// LearningRate until the fraction DecayStart of training, then the exponential decay reaching FinalLearningRate at
    /// its end. The fraction done is the larger of (step − 1) / (Steps − 1) and, with MaxSeconds, seconds / MaxSeconds,
    /// so a run cut short by its time still ends decayed.
    /// </summary>
    public double LearningRateAt(int step, double seconds = 0)
    {
        if (FinalLearningRate is not double f) return LearningRate;
        double done = Math.Max(Steps > 1 ? (step - 1) / (double)(Steps - 1) : 1, MaxSeconds > 0 ? seconds / MaxSeconds : 0);
        double decayed = Math.Clamp((done - DecayStart) / (1 - DecayStart), 0, 1);
        return LearningRate * Math.Pow(f / LearningRate, decayed);
    }

    /// <summary>The largest n a demo accepts (the quadratic score grows as n²).</summary>
    public const int MaxElements = 200;

    /// <summary>The task's defaults: sort n = 10; hull n = 5–10 tested at 10, 20 and 30.</summary>
    public static PointerDemoSettings For(string task) => task == "convex-hull"
        ? new PointerDemoSettings(Steps: 8000, Batch: 128, MinN: 5, MaxN: 10, TestN: [10, 20, 30])
        : new PointerDemoSettings(Steps: 4000, Batch: 128, MinN: 10, MaxN: 10, TestN: [10, 15, 20]);

    /// <summary>Throws when a setting is out of range, naming its option and the valid range.</summary>
    /// <exception cref="HeedInputException">a setting is out of range.</exception>
    public void Validate()
    {
        DemoChecks.Range(Steps, "--steps", 1, 10_000_000);
        DemoChecks.Range(Batch, "--batch", 1, 4096);
        DemoChecks.Range(MinN, "--min-n", 2, MaxElements);
        DemoChecks.Range(MaxN, "--max-n", MinN, MaxElements);
        DemoChecks.Range(TestSets, "--test-sets", 1, 1_000_000);
        DemoChecks.Range(Hidden, "--hidden", 1, 4096);
        DemoChecks.Range(Beam, "--beam", 1, 64);
        if (AttentionSize is int a) DemoChecks.Range(a, "--attention-size", 1, 4096);
        DemoChecks.Range(EvalEvery, "--eval-every", 1, 10_000_000);
        if (!(LearningRate > 0 && LearningRate < 1)) throw new HeedInputException($"--lr {LearningRate}: must be in (0, 1).");
        if (FinalLearningRate is double f && !(f > 0 && f <= LearningRate))
            throw new HeedInputException(string.Create(CultureInfo.InvariantCulture, $"--final-lr {f}: must be in (0, {LearningRate}] (at most --lr)."));
        if (!(DecayStart >= 0 && DecayStart < 1)) throw new HeedInputException(string.Create(CultureInfo.InvariantCulture, $"--decay-start {DecayStart}: must be in [0, 1)."));
        if (Bidirectional && Hidden % 2 != 0)
            throw new HeedInputException($"--hidden {Hidden}: must be even with --bidirectional (each direction has hidden / 2 units).");
        if (!(MaxSeconds >= 0)) throw new HeedInputException($"--max-seconds {MaxSeconds}: must be ≥ 0 (0 = no limit).");
        if (TestN is null || TestN.Length == 0) throw new HeedInputException("--test-n: give at least one input size.");
        foreach (int n in TestN) DemoChecks.Range(n, "--test-n", 2, MaxElements);
    }
}
