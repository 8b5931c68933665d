using System.Numerics;
using System.Numerics.Tensors;
using Heed.Tensors;
using Heed.Tensors.Kernels;
using Heed.Tensors.Memory;
using Tensor = Heed.Tensors.Tensor;

namespace Heed.Models;

/// <summary>
/// The Bahdanau decoder's context c_t = Σ_j α_tj h_j enters only linear maps — the output layer's context columns
/// W_o[:, c] and the first cell's W_ih[:, c] — so by linearity W·c_t = Σ_j α_tj (W·h_j). Search projects each source
/// sentence's annotations once into tables T = H·Wᵀ; a step then costs, per row and output, L multiply-adds (a weighted
/// sum of the sentence's L table rows) instead of 2H. The same maths as the direct step, up to float rounding.
/// </summary>
/// <remarks>
/// The tables hold rows for real source positions only, sentence after sentence ([Σ L_b, N]; <see cref="Sources"/> says
/// where each sentence's rows start): padding has zero attention, so its rows would be built and stored for nothing —
/// in a batch padded to twice its mean length, half the table. Rows (beam hypotheses) that step from one source share
/// its table through <see cref="RowSource"/>, so beam reordering (<see cref="Select"/>) remaps indices and copies
/// nothing. Whether the tables pay: <see cref="Pays"/>.
/// </remarks>
internal sealed class ContextTables
{
    /// <summary>
    /// The cost of one multiply-add of a weighted sum relative to one of a GEMM: the sums read every table element
    /// once per step (memory-bound: ~4 G multiply-adds/s from DRAM against ~60 G/s for a packed GEMM on one core here),
    /// so each counts as ~16. Rounded up rather than down: wrongly skipping the tables costs less than wrongly building them.
    /// </summary>
    public const double WeightedSumCost = 16;

    /// <param name="output">[Σ L_b, V]: W_o[:, context columns]·h_j for each sentence's real positions</param>
    /// <param name="cell">[Σ L_b, G·D]: W_ih[:, context columns]·h_j, rows as in <paramref name="output"/></param>
    /// <param name="sources">where each source sentence's rows sit in the tables</param>
    /// <param name="rowSource">for each row, the source sentence (table) it steps from</param>
    /// <param name="outputRest">the output weight's columns a step still multiplies, packed: [s; y] in order, or only
    /// s when <paramref name="tokens"/> supplies y's share</param>
    /// <param name="tokens">the previous token's share of the step, or null (then the step multiplies y)</param>
    public ContextTables(Tensor output, Tensor cell, TableRows sources, int[] rowSource, GemmPackedB outputRest, TokenTables? tokens)
    {
        Output = output; Cell = cell; Sources = sources; RowSource = rowSource; OutputRest = outputRest; Tokens = tokens;
    }

    /// <summary>[Σ L_b, V].</summary>
    public Tensor Output { get; }

    /// <summary>[Σ L_b, G·D].</summary>
    public Tensor Cell { get; }

    /// <summary>Where each source sentence's table rows start, and how many there are.</summary>
    public TableRows Sources { get; }

    /// <summary>Row r steps from source sentence RowSource[r].</summary>
    public int[] RowSource { get; }

    /// <summary>W_o's columns the step multiplies, packed: [V, D + E] for [s_t; y_{t−1}], or [V, D] for s_t alone
    /// when <see cref="Tokens"/> is set.</summary>
    public GemmPackedB OutputRest { get; }

    /// <summary>The previous token's share of the output layer and the first cell (the model's, shared), or null.</summary>
    public TokenTables? Tokens { get; }

    /// <summary>The tables for rows <c>rows[r]</c> of this one's rows: only the row → source index changes.</summary>
    public ContextTables Select(int[] rows) => new(Output, Cell, Sources, rows.Select(r => RowSource[r]).ToArray(), OutputRest, Tokens);

    /// <summary>into[r, :] += W_o[:, c]·c_t for every row, from the output table.</summary>
    public void AddOutput(Tensor weights, Tensor into) => AddWeighted(weights, Output, Sources, RowSource, into);

    /// <summary>into[r, :] += W_ih[:, c]·c_t for every row, from the cell table.</summary>
    public void AddCell(Tensor weights, Tensor into) => AddWeighted(weights, Cell, Sources, RowSource, into);

    /// <summary>Hands the tables to the enclosing scope (a no-op for tables made outside <paramref name="stepScope"/>).</summary>
    public void KeepIn(TensorScope stepScope)
    {
        stepScope.Keep(Output);
        stepScope.Keep(Cell);
    }

    /// <summary>
    /// Whether tables pay for <paramref name="work"/> on sources of mean real length L with context size C (2H). Per
    /// source sentence and output column, in GEMM multiply-adds: the direct steps cost k·T·C (k rows, T steps); the
    /// tables cost L·C to build plus k·T weighted sums of L rows at <see cref="WeightedSumCost"/> each. So they pay when
    /// L·C + 16·k·T·L &lt; k·T·C — e.g. greedy search of 50 steps over L = 13 with C = 1024 (23,700 &lt; 51,200), but not
    /// greedy search that stops at EOS (T ≈ L: L·C alone already equals the direct cost). Padding costs neither path
    /// of the tables anything, so the padded length does not enter.
    /// </summary>
    public static bool Pays(double meanSourceLength, int contextSize, SearchWork work)
    {
        double stepsRows = (double)work.Steps * work.RowsPerSource;
        return meanSourceLength * contextSize + WeightedSumCost * stepsRows * meanSourceLength < stepsRows * contextSize;
    }

    /// <summary>
    /// into[r, :] += Σ_j weights[r, j]·table[start + j, :] over the L table rows of row r's source (start, L from
    /// <paramref name="sources"/> at rowSource[r]) — the table's share of a step's linear map. Zero weights skip their
    /// table rows; weights past a source's length (its padding) are not read.
    /// </summary>
    /// <param name="weights">[R, S], S at least every source's length</param>
    /// <param name="table">[Σ L_b, N]</param>
    /// <param name="sources">each source's first table row and length</param>
    /// <param name="rowSource">[R], each in [0, sources)</param>
    /// <param name="into">[R, N], updated in place (no gradient: search only)</param>
    /// <exception cref="ArgumentException">the shapes or the row → source index do not fit, naming them.</exception>
    public static void AddWeighted(Tensor weights, Tensor table, TableRows sources, int[] rowSource, Tensor into)
    {
        int rows = into.Dim(0), n = into.Dim(-1);
        bool fits = weights.Rank == 2 && table.Rank == 2 && into.Rank == 2 && weights.Dim(0) == rows && rowSource.Length == rows
            && table.Dim(1) == n && sources.Total == table.Dim(0) && sources.Longest <= weights.Dim(1);
        if (!fits)
            throw new ArgumentException($"ContextTables.AddWeighted: weights {weights.Describe()}, table {table.Describe()} of {sources.Count} sources ({sources.Total} rows, longest {sources.Longest}), {rowSource.Length} row sources and output {into.Describe()} do not fit ([R, ≥ longest], [rows, N], R, [R, N]).");
        foreach (int src in rowSource)
            if ((uint)src >= (uint)sources.Count)
                throw new ArgumentException($"ContextTables.AddWeighted: row source {src} is outside the table's {sources.Count} sources.");
        int s = weights.Dim(1);
        long work = 0;
        foreach (int src in rowSource) work += (long)sources.Length[src] * n;
        Parallelism.ForRangesIfLarge(rows, work, (start, end, _) =>
        {
            ReadOnlySpan<float> w = weights.Span, t = table.Span;
            var o = into.Span;
            // Whole rows, j outermost: a row's table is then read front to back, four streams at a time (column blocks
            // that hop between all S streams took ~1.5× as long on [128, 14, 6000]); its accumulator stays in L1/L2.
            for (int r = start; r < end; r++)
            {
                int src = rowSource[r];
                var wr = w.Slice(r * s, sources.Length[src]);
                var acc = o.Slice(r * n, n);
                AccumulateRows(wr, t.Slice(sources.Start[src] * n, wr.Length * n), acc);
            }
        });
    }

    /// <summary>
    /// acc += Σ_j weights[j]·rows[j·n .. (j+1)·n), n = acc.Length, skipping zero weights: four rows per pass over acc,
    /// so acc is loaded and stored a quarter as often as row by row (<see cref="AccumulateRowsComposite"/>, its test
    /// oracle). The rows stream from memory either way; on Zen 1 the sum over a [128, 13, 5969] table took 4.9 ms
    /// against 7.0 ms row by row (a scratch loop, medians of 7).
    /// </summary>
    internal static void AccumulateRows(ReadOnlySpan<float> weights, ReadOnlySpan<float> rows, Span<float> acc)
    {
        int n = acc.Length;
        Span<int> live = stackalloc int[4];
        int count = 0;
        for (int j = 0; j < weights.Length; j++)
        {
            if (weights[j] == 0) continue;
            live[count++] = j;
            if (count == 4)
            {
                AddFour(rows, n, live, weights, acc);
                count = 0;
            }
        }
        for (int c = 0; c < count; c++)
            TensorPrimitives.FusedMultiplyAdd(rows.Slice(live[c] * n, n), weights[live[c]], acc, acc);
    }

    private static void AddFour(ReadOnlySpan<float> rows, int n, ReadOnlySpan<int> j, ReadOnlySpan<float> weights, Span<float> acc)
    {
        ReadOnlySpan<float> r0 = rows.Slice(j[0] * n, n), r1 = rows.Slice(j[1] * n, n), r2 = rows.Slice(j[2] * n, n), r3 = rows.Slice(j[3] * n, n);
        float w0 = weights[j[0]], w1 = weights[j[1]], w2 = weights[j[2]], w3 = weights[j[3]];
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<float> v0 = new(w0), v1 = new(w1), v2 = new(w2), v3 = new(w3);
            for (; i + Vector<float>.Count <= n; i += Vector<float>.Count)
            {
                var s = new Vector<float>(acc[i..]);
                s = Vector.FusedMultiplyAdd(new Vector<float>(r0[i..]), v0, s);
                s = Vector.FusedMultiplyAdd(new Vector<float>(r1[i..]), v1, s);
                s = Vector.FusedMultiplyAdd(new Vector<float>(r2[i..]), v2, s);
                s = Vector.FusedMultiplyAdd(new Vector<float>(r3[i..]), v3, s);
                s.CopyTo(acc[i..]);
            }
        }
        for (; i < n; i++)
            acc[i] = MathF.FusedMultiplyAdd(r3[i], w3, MathF.FusedMultiplyAdd(r2[i], w2, MathF.FusedMultiplyAdd(r1[i], w1, MathF.FusedMultiplyAdd(r0[i], w0, acc[i]))));
    }

    /// <summary>The readable form of <see cref="AccumulateRows"/>, one row per pass: its test oracle. Both add the rows in
    /// order with one fused multiply-add each, so they agree bit for bit.</summary>
    internal static void AccumulateRowsComposite(ReadOnlySpan<float> weights, ReadOnlySpan<float> rows, Span<float> acc)
    {
        int n = acc.Length;
        for (int j = 0; j < weights.Length; j++)
            if (weights[j] != 0) TensorPrimitives.FusedMultiplyAdd(rows.Slice(j * n, n), weights[j], acc, acc);
    }
}
