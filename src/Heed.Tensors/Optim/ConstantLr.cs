namespace Heed.Tensors.Optim;

/// <summary>The same learning rate at every step.</summary>
public sealed class ConstantLr(float learningRate) : ILrSchedule
{
    /// <summary>The learning rate returned for every step.</summary>
    public float Rate { get; } = learningRate >= 0 && float.IsFinite(learningRate)
        ? learningRate
        : throw new ArgumentOutOfRangeException(nameof(learningRate), $"ConstantLr: {learningRate} must be finite and ≥ 0.");

    /// <summary>Returns <see cref="Rate"/>, whatever <paramref name="step"/> is.</summary>
    public float LearningRate(long step) => Rate;
}
