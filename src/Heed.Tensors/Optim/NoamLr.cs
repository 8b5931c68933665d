namespace Heed.Tensors.Optim;

/// <summary>
/// The Transformer's schedule (Vaswani et al., "Noam"): lr = factor · d^−½ · min(s^−½, s · warmup^−³⁄²) for update
/// number s ≥ 1 — a linear warm-up to its peak at s = warmup, then decay as 1/√s.
/// </summary>
public sealed class NoamLr : ILrSchedule
{
    /// <summary>d, the model width; the schedule scales by d^−½.</summary>
    public int ModelSize { get; }
    /// <summary>Updates of linear warm-up; the rate peaks at update number Warmup.</summary>
    public int Warmup { get; }
    /// <summary>Overall scale of the schedule.</summary>
    public float Factor { get; }

    /// <param name="modelSize">d, the model width</param>
    /// <param name="warmup">warm-up updates (≥ 1)</param>
    /// <param name="factor">overall scale (&gt; 0)</param>
    public NoamLr(int modelSize, int warmup, float factor = 1f)
    {
        if (modelSize < 1) throw new ArgumentOutOfRangeException(nameof(modelSize), $"NoamLr: model size {modelSize} must be ≥ 1.");
        if (warmup < 1) throw new ArgumentOutOfRangeException(nameof(warmup), $"NoamLr: warm-up {warmup} must be ≥ 1.");
        if (!(factor > 0) || !float.IsFinite(factor)) throw new ArgumentOutOfRangeException(nameof(factor), $"NoamLr: factor {factor} must be finite and > 0.");
        ModelSize = modelSize;
        Warmup = warmup;
        Factor = factor;
    }

    /// <param name="step">the update about to be taken, from 1</param>
    public float LearningRate(long step)
    {
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), $"NoamLr: update number {step} must be ≥ 1.");
        double s = step;
        return (float)(Factor / Math.Sqrt(ModelSize) * Math.Min(1 / Math.Sqrt(s), s * Math.Pow(Warmup, -1.5)));
    }
}
