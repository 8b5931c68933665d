using System.Diagnostics;
using Heed.Data;
using Heed.Decoding;
using Heed.Models;
using Heed.Tensors;
using Heed.Tensors.Diagnostics;

namespace Heed.Benchmarks;

/// <summary>What <see cref="TranslateBenchmark.Run"/> measured.</summary>
/// <param name="Sentences">sentences decoded in the timed pass</param>
/// <param name="Tokens">decoded positions: one per search step and sentence (EOS included), as the peer counts</param>
/// <param name="Seconds">wall-clock time of the timed pass (search only; tokenising excluded)</param>
/// <param name="PeakMegabytes">the process's peak working set (MiB)</param>
/// <param name="Phases">seconds per phase when profiled (empty otherwise)</param>
/// <param name="CpuSeconds">processor time of the process during the timed pass (all threads)</param>
internal sealed record TranslateBenchmarkResult(int Sentences, long Tokens, double Seconds, double PeakMegabytes,
    IReadOnlyDictionary<string, double> Phases, double CpuSeconds)
{
    public double TokensPerCpuSecond => Tokens / CpuSeconds;
    public double SentencesPerSecond => Sentences / Seconds;
    public double TokensPerSecond => Tokens / Seconds;
}

/// <summary>
/// Times greedy or beam search over encoded sentences in length-sorted batches (as <see cref="Heed.Translation.Translator"/>
/// batches them, each split over the threads by <see cref="RowParallelSearch"/>), after decoding the first batch once
/// untimed to warm up the JIT and the buffer pool.
/// </summary>
internal static class TranslateBenchmark
{
    /// <summary>
    /// The peer's decoding work for an untrained model: every sentence is decoded to exactly
    /// <paramref name="length"/> tokens (EOS does not stop it).
    /// </summary>
    public static SearchOptions FixedLength(int beam, int length = 50) =>
        new(Beam: beam, MaxLengthRatio: 10, MaxLength: length, StopAtEos: false);

    /// <param name="model">the decoder</param>
    /// <param name="sources">encoded source sentences (as the model expects them)</param>
    /// <param name="options">search options; <see cref="FixedLength"/> for the peer's work</param>
    /// <param name="batchSize">sentences per batch</param>
    /// <param name="threads">Parallelism.Threads for the run</param>
    /// <param name="profile">record a per-phase breakdown (<see cref="PhaseProfiler"/>)</param>
    /// <param name="recomputePrefix">a Transformer re-runs its decoder over the whole prefix at every step instead of
    /// reading its key/value cache (the cache's baseline)</param>
    /// <exception cref="HeedInputException">no sentences, batch size &lt; 1, or <paramref name="recomputePrefix"/> for a
    /// model without a cache.</exception>
    public static TranslateBenchmarkResult Run(IStepDecoder model, IReadOnlyList<int[]> sources, SearchOptions options, int batchSize, int threads,
        bool profile = false, bool recomputePrefix = false)
    {
        if (sources.Count == 0) throw new HeedInputException("The source file has no sentences to decode.");
        if (batchSize < 1) throw new HeedInputException($"--batch-size {batchSize}: must be at least 1.");
        if (recomputePrefix)
        {
            if (model is not Models.Transformer.TransformerSeq2Seq transformer)
                throw new HeedInputException("--recompute needs a Transformer model (model.type: transformer): other models keep no prefix cache.");
            transformer.UseCache = false;
            try { return Run(model, sources, options, batchSize, threads, profile); }
            finally { transformer.UseCache = true; }
        }
        using var useThreads = Parallelism.Use(threads);
        var batches = new Batcher(sources, null, Vocabulary.Pad).Ordered(BatchLimit.Sentences(batchSize), sortByLength: true)
            .Select(SourceBatch.Of).ToList();
        Decode(model, batches[0], options);
        long tokens = 0;
        PhaseProfiler.Reset();
        PhaseProfiler.Enabled = profile;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        try
        {
            using (PhaseProfiler.Measure("search"))
                tokens += SearchScheduler.DecodeAll(model, batches, options).Sum(batch => batch.Sum(nbest => (long)nbest[0].Attention.Length));
        }
        finally
        {
            PhaseProfiler.Enabled = false;
        }
        return new TranslateBenchmarkResult(sources.Count, tokens, clock.Elapsed.TotalSeconds, TrainBenchmark.PeakMegabytes(),
            profile ? PhaseProfiler.Seconds() : new Dictionary<string, double>(), (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
    }

    private static Hypothesis[] Decode(IStepDecoder model, SourceBatch batch, SearchOptions options) =>
        RowParallelSearch.Decode(model, batch, options).Select(nbest => nbest[0]).ToArray();
}
