namespace Heed.Tensors.Optim;

/// <summary>
/// A learning rate that is a pure function of a counter (so resuming needs no schedule state): set
/// <c>optimizer.LearningRate = schedule.LearningRate(n)</c> before each step or epoch, as the schedule documents.
/// <see cref="PlateauLr"/>, which depends on observed metrics, is a separate stateful class.
/// </summary>
public interface ILrSchedule
{
    /// <summary>The learning rate at counter value <paramref name="step"/> (meaning documented per schedule).</summary>
    float LearningRate(long step);
}
