namespace Heed.Training;

/// <summary>
/// Training stopped because it was asked to (Ctrl-C, SIGTERM, a cancelled token) after finishing a step and saving
/// <c>last.safetensors</c>; <c>heed train --resume</c> continues from exactly there. The CLI maps it to exit code 130.
/// </summary>
public sealed class TrainingInterruptedException : OperationCanceledException
{
    /// <summary>Creates the exception for a run stopped after <paramref name="step"/> steps, saved in <paramref name="checkpoint"/>.</summary>
    public TrainingInterruptedException(long step, string checkpoint, CancellationToken token)
        : base($"interrupted after step {step}; the state is saved in '{checkpoint}'. Continue with the same heed train command plus --resume.", token)
    {
        Step = step;
        Checkpoint = checkpoint;
    }

    /// <summary>Steps completed (and saved) before stopping.</summary>
    public long Step { get; }

    /// <summary>The checkpoint that holds the saved state.</summary>
    public string Checkpoint { get; }
}
