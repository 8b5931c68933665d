using System.Diagnostics;
using Heed.Config;
using Heed.Data;
using Heed.Models;
using Heed.Tensors;
using Heed.Tensors.Diagnostics;
using Heed.Tensors.Memory;
using Heed.Tensors.Optim;
using Heed.Training;

namespace Heed.Benchmarks;

/// <summary>What <see cref="TrainBenchmark.Run"/> measured.</summary>
/// <param name="Batches">timed batches (the warm-up batch excluded)</param>
/// <param name="Tokens">target tokens of the timed batches (EOS counted, padding not; as the peer counts)</param>
/// <param name="Seconds">wall-clock time of the timed batches</param>
/// <param name="PeakMegabytes">the process's peak working set (MiB), warm-up and data loading included</param>
/// <param name="Parameters">the model's parameter count</param>
/// <param name="LastLoss">the last batch's loss</param>
/// <param name="Phases">seconds per phase when profiled (empty otherwise)</param>
/// <param name="CpuSeconds">processor time the process used during the timed batches (all threads): on a shared
/// machine, tokens per CPU-second moves less with other jobs' load than tokens per second</param>
internal sealed record TrainBenchmarkResult(int Batches, long Tokens, double Seconds, double PeakMegabytes, long Parameters,
    float LastLoss, IReadOnlyDictionary<string, double> Phases, double CpuSeconds)
{
    public double TokensPerCpuSecond => Tokens / CpuSeconds;
    public double TokensPerSecond => Tokens / Seconds;
    public double SecondsPerBatch => Seconds / Batches;
}

/// <summary>
/// Times training steps exactly as <see cref="Heed.Training.Trainer"/> takes them (teacher-forced loss, backward,
/// clipping, Adam) on batches built like the PyTorch peer's: one warm-up batch, then <c>batches</c> timed ones.
/// </summary>
internal static class TrainBenchmark
{
    /// <param name="config">the experiment (model shape, data, lr, clip, seed, batch_sentences)</param>
    /// <param name="data">from <see cref="BenchmarkData.Load"/> of the same config</param>
    /// <param name="batches">timed batches (≥ 1)</param>
    /// <param name="threads">Parallelism.Threads for the run</param>
    /// <param name="profile">record a per-phase breakdown (<see cref="PhaseProfiler"/>)</param>
    /// <param name="fileOrder">batches of consecutive sentences in file order (torch_transformer.py's) instead of a
    /// seeded sample sorted by length (torch_bahdanau.py --fast's)</param>
    /// <exception cref="HeedInputException">batches &lt; 1, or too little data.</exception>
    public static TrainBenchmarkResult Run(ExperimentConfig config, BenchmarkData data, int batches, int threads, bool profile = false,
        bool fileOrder = false)
    {
        if (batches < 1) throw new HeedInputException($"--batches {batches}: must be at least 1.");
        int batchSize = config.Training.BatchSentences > 0 ? config.Training.BatchSentences : 128;
        var all = fileOrder ? data.FileOrderBatches(batches + 1, batchSize) : data.PeerBatches(batches + 1, batchSize, config.Training.Seed);
        using var useThreads = Parallelism.Use(threads);
        var model = ModelFactory.Create(config.Model, data.Source.Vocabulary.Count, data.Target.Vocabulary.Count, config.Training.Seed);
        var optimizer = OptimizerFactory.Create(config.Training, model);
        var step = new TrainingStep(model, optimizer, (float)config.Training.Clip, (float)config.Training.LabelSmoothing);
        float Step(Batch batch)
        {
            using var scope = TensorScope.Begin();
            var (loss, _) = step.Gradients(batch);
            step.Apply();
            return loss;
        }

        Step(all[0]);
        PhaseProfiler.Reset();
        PhaseProfiler.Enabled = profile;
        long tokens = 0;
        float last = float.NaN;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        try
        {
            for (int i = 1; i < all.Count; i++)
            {
                using (PhaseProfiler.Measure("step")) last = Step(all[i]);
                tokens += all[i].Target.Count(id => id != Vocabulary.Pad) - all[i].Size; // the BOS column is input only
            }
        }
        finally
        {
            PhaseProfiler.Enabled = false;
        }
        double seconds = clock.Elapsed.TotalSeconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        return new TrainBenchmarkResult(all.Count - 1, tokens, seconds, PeakMegabytes(), model.ParameterCount(), last,
            profile ? PhaseProfiler.Seconds() : new Dictionary<string, double>(), cpu);
    }

    /// <summary>Peak resident set of this process in MiB (VmHWM on Linux, like the peer's ru_maxrss).</summary>
    public static double PeakMegabytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / (1024.0 * 1024.0);
    }
}
