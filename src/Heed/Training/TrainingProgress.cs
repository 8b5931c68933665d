namespace Heed.Training;

/// <summary>A snapshot for progress displays, sent after every step.</summary>
public sealed record TrainingProgress(
    int Epoch, int Epochs, long Step, long TotalSteps, double Loss, double TokensPerSecond, double LearningRate,
    TimeSpan Elapsed, TimeSpan? Remaining, double? LastDevBleu);

/// <summary>Raised when the loss becomes NaN or infinite; the last good checkpoint is left as it was.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
