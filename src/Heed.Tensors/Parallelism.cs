namespace Heed.Tensors;

/// <summary>How many cores the engine's kernels may use. One process-wide setting, like torch.set_num_threads.</summary>
public static class Parallelism
{
    private static int _threads = Environment.ProcessorCount;

    /// <summary>Number of worker threads kernels may split work over (≥ 1). Defaults to the processor count.</summary>
    public static int Threads
    {
        get => _threads;
        set => _threads = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Parallelism.Threads must be at least 1.");
    }
}
