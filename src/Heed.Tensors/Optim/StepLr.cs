namespace Heed.Tensors.Optim;

/// <summary>
/// PyTorch's StepLR: lr = base · γ^⌊epoch / stepSize⌋, where epoch counts completed epochs from 0.
/// </summary>
public sealed class StepLr : ILrSchedule
{
    /// <summary>The rate of the first <see cref="StepSize"/> epochs.</summary>
    public float BaseRate { get; }
    /// <summary>Epochs between decays.</summary>
    public int StepSize { get; }
    /// <summary>γ, multiplies the rate at each decay.</summary>
    public float Gamma { get; }

    /// <param name="baseRate">lr of the first stepSize epochs</param>
    /// <param name="stepSize">epochs between decays (≥ 1)</param>
    /// <param name="gamma">decay factor in (0, 1]</param>
    public StepLr(float baseRate, int stepSize, float gamma)
    {
        if (!(baseRate >= 0) || !float.IsFinite(baseRate)) throw new ArgumentOutOfRangeException(nameof(baseRate), $"StepLr: base rate {baseRate} must be finite and ≥ 0.");
        if (stepSize < 1) throw new ArgumentOutOfRangeException(nameof(stepSize), $"StepLr: step size {stepSize} must be ≥ 1.");
        if (!(gamma > 0 && gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(gamma), $"StepLr: gamma {gamma} must be in (0, 1].");
        BaseRate = baseRate;
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <param name="step">completed epochs (0 for the first)</param>
    public float LearningRate(long step)
    {
        if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), $"StepLr: epoch {step} must be ≥ 0.");
        return (float)(BaseRate * Math.Pow(Gamma, step / StepSize));
    }
}
