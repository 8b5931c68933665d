using Heed.Models;
using Heed.Tensors;
using Heed.Tensors.Nn;

namespace Heed.Decoding;

/// <summary>
/// Search over a batch with its rows split into contiguous chunks, one per thread, each chunk decoded as a batch of
/// its own on one thread; the hypotheses come back in the batch's row order.
/// </summary>
/// <remarks>
/// <para>Why: a decoder step is a chain of small products ([B, ~1000]·[~1000, N]); splitting each of them over two
/// threads pays a synchronisation per product and scales poorly, whereas two chunks of rows share nothing until the
/// end. Each chunk is the same computation as decoding those rows alone with one thread (bit for bit); against the
/// whole batch decoded together, only float rounding differs (a chunk is re-padded to its own longest source).</para>
/// <para>The model must be safe to step from several threads at once, as the translation models are in evaluation
/// mode (a forward pass reads the weights and writes only its own tensors; the RNN's one cache, the token tables, is
/// built under a lock). A model in training mode is decoded
/// in one piece: its dropout layers count their calls per data-parallel replica, and search chunks are not replicas,
/// so concurrent chunks would share (and race on) one counter.</para>
/// </remarks>
internal static class RowParallelSearch
{
    /// <summary>The fewest rows a chunk may have: below this a chunk's products are too narrow to run at GEMM speed,
    /// and splitting the product over threads (as one batch does) wins again.</summary>
    public const int MinRowsPerChunk = 16;

    /// <summary>How many chunks a batch of <paramref name="rows"/> is split into with <paramref name="threads"/>
    /// threads: as many as threads while every chunk keeps at least <see cref="MinRowsPerChunk"/> rows, at least 1.</summary>
    public static int ChunkCount(int rows, int threads) => Math.Max(1, Math.Min(threads, rows / MinRowsPerChunk));

    /// <summary>
    /// Greedy search (<c>Beam</c> 1) or beam search (the n best per sentence) over <paramref name="source"/>, its rows
    /// split over <see cref="Parallelism.Threads"/> threads by <see cref="Map"/>.
    /// </summary>
    /// <returns>for each sentence, in the batch's order, its hypotheses best first (one for greedy search)</returns>
    /// <exception cref="ArgumentOutOfRangeException">the beam width is below 1.</exception>
    public static IReadOnlyList<Hypothesis[]> Decode(IStepDecoder model, SourceBatch source, SearchOptions options) =>
        Map(model, source, chunk => options.Beam == 1
            ? GreedySearch.Decode(model, chunk, options).Select(h => new[] { h }).ToArray()
            : BeamSearch.Decode(model, chunk, options));

    /// <summary>
    /// Runs <paramref name="search"/> on <see cref="ChunkCount"/>(rows, <see cref="Parallelism.Threads"/>) contiguous
    /// chunks of <paramref name="source"/> concurrently, each under <see cref="Parallelism.Use"/>(1), and joins their
    /// results in row order. With one chunk, runs it on <paramref name="source"/> itself on the calling thread.
    /// </summary>
    /// <param name="model">the model the search steps (only to see whether it is in training mode)</param>
    /// <param name="source">the batch</param>
    /// <param name="search">one result per row of the batch it is given</param>
    /// <exception cref="InvalidOperationException"><paramref name="search"/> returned a wrong number of results.</exception>
    /// <remarks>An exception in a chunk is rethrown as itself (not wrapped) when it is the only one.</remarks>
    public static T[] Map<T>(IStepDecoder model, SourceBatch source, Func<SourceBatch, IReadOnlyList<T>> search)
    {
        int chunks = model is Module { Training: true } ? 1 : ChunkCount(source.Batch, Parallelism.Threads);
        if (chunks == 1) return Checked(search(source), source.Batch);
        var results = new T[source.Batch];
        Parallelism.RunParts(0, chunks, chunk =>
        {
            int start = (int)((long)chunk * source.Batch / chunks), end = (int)((long)(chunk + 1) * source.Batch / chunks);
            using var oneThread = Parallelism.Use(1);
            Checked(search(source.Rows(start, end - start)), end - start).CopyTo(results, start);
        });
        return results;
    }

    private static T[] Checked<T>(IReadOnlyList<T> results, int rows) => results.Count == rows
        ? results as T[] ?? results.ToArray()
        : throw new InvalidOperationException($"RowParallelSearch: the search returned {results.Count} results for {rows} rows.");
}
