namespace Heed.Tensors.Optim;

/// <summary>The same learning rate at every step.</summary>
public sealed class ConstantLr(float learningRate) : ILrSchedule
{
    public float Rate { get; } = learningRate >= 0 && float.IsFinite(learningRate)
        ? learningRate
        : throw new ArgumentOutOfRangeException(nameof(learningRate), $"ConstantLr: {learningRate} must be finite and ≥ 0.");

    public float LearningRate(long step) => Rate;
}
