using Heed.Models;
using Heed.Tensors;
using Heed.Tensors.Nn;

namespace Heed.Decoding;

/// <summary>
/// Searches many batches with every thread busy: while at least as many batches remain as there are threads, whole
/// batches run side by side, one per thread (each on one thread, <see cref="Parallelism.Use"/>(1)); the batches left
/// over are each split by rows over all threads (<see cref="RowParallelSearch"/>).
/// </summary>
/// <remarks>
/// Why not always split rows: a decoder step streams its weights (the output layer's is megabytes) once per batch of
/// rows, so two half-batches read them twice per step where two whole batches read them once per 128 rows each;
/// splitting rows is kept for a remainder that would otherwise leave a thread idle. Each batch's result is the same
/// computation as decoding it alone on one thread.
/// </remarks>
internal static class SearchScheduler
{
    /// <summary>Greedy (<c>Beam</c> 1) or beam search over every batch; for each batch, its rows' hypotheses best first.</summary>
    /// <exception cref="ArgumentOutOfRangeException">the beam width is below 1.</exception>
    public static IReadOnlyList<Hypothesis[]>[] DecodeAll(IStepDecoder model, IReadOnlyList<SourceBatch> batches, SearchOptions options)
    {
        var results = new IReadOnlyList<Hypothesis[]>[batches.Count];
        int threads = model is Module { Training: true } ? 1 : Parallelism.Threads;
        int whole = threads > 1 ? batches.Count / threads * threads : 0;
        for (int first = 0; first < whole; first += threads)
        {
            Parallelism.RunParts(first, first + threads, b =>
            {
                using var oneThread = Parallelism.Use(1);
                results[b] = RowParallelSearch.Decode(model, batches[b], options);
            });
        }
        for (int b = whole; b < batches.Count; b++) results[b] = RowParallelSearch.Decode(model, batches[b], options);
        return results;
    }
}
