using System.Numerics.Tensors;
using Heed.Tensors;
using Heed.Tensors.Kernels;
using Heed.Tensors.Memory;
using Tensor = Heed.Tensors.Tensor;

namespace Heed.Models;

/// <summary>
/// The Bahdanau decoder's context c_t = Σ_j α_tj h_j enters only linear maps — the output layer's context columns
/// W_o[:, c] and the first cell's W_ih[:, c] — so by linearity W·c_t = Σ_j α_tj (W·h_j). Search projects each source
/// sentence's annotations once into tables T = H·Wᵀ ([sources, S, N]); a step then costs, per row and output, S
/// multiply-adds (a weighted sum of S table rows) instead of 2H. The same maths as the direct step, up to float rounding.
/// </summary>
/// <remarks>
/// Rows (beam hypotheses) that step from one source share its table through <see cref="RowSource"/>, so beam
/// reordering (<see cref="Select"/>) remaps indices and copies nothing. Whether the tables pay: <see cref="Pays"/>.
/// </remarks>
internal sealed class ContextTables
{
    /// <summary>
    /// The cost of one multiply-add of a weighted sum relative to one of a GEMM: the sums read every table element
    /// once per step (memory-bound: ~4 G multiply-adds/s from DRAM against ~60 G/s for a packed GEMM on one core here),
    /// so each counts as ~16. Rounded up rather than down: wrongly skipping the tables costs less than wrongly building them.
    /// </summary>
    public const double WeightedSumCost = 16;

    /// <param name="output">[sources, S, V]: W_o[:, context columns]·h_j</param>
    /// <param name="cell">[sources, S, G·D]: W_ih[:, context columns]·h_j</param>
    /// <param name="rowSource">for each row, the source sentence (table) it steps from</param>
    /// <param name="outputRest">the output weight's columns a step still multiplies, packed: [s; y] in order, or only
    /// s when <paramref name="tokens"/> supplies y's share</param>
    /// <param name="tokens">the previous token's share of the step, or null (then the step multiplies y)</param>
    public ContextTables(Tensor output, Tensor cell, int[] rowSource, GemmPackedB outputRest, TokenTables? tokens)
    {
        Output = output; Cell = cell; RowSource = rowSource; OutputRest = outputRest; Tokens = tokens;
    }

    /// <summary>[sources, S, V].</summary>
    public Tensor Output { get; }

    /// <summary>[sources, S, G·D].</summary>
    public Tensor Cell { get; }

    /// <summary>Row r steps from source sentence RowSource[r].</summary>
    public int[] RowSource { get; }

    /// <summary>W_o's columns the step multiplies, packed: [V, D + E] for [s_t; y_{t−1}], or [V, D] for s_t alone
    /// when <see cref="Tokens"/> is set.</summary>
    public GemmPackedB OutputRest { get; }

    /// <summary>The previous token's share of the output layer and the first cell (the model's, shared), or null.</summary>
    public TokenTables? Tokens { get; }

    /// <summary>The tables for rows <c>rows[r]</c> of this one's rows: only the row → source index changes.</summary>
    public ContextTables Select(int[] rows) => new(Output, Cell, rows.Select(r => RowSource[r]).ToArray(), OutputRest, Tokens);

    /// <summary>Hands the tables to the enclosing scope (a no-op for tables made outside <paramref name="stepScope"/>).</summary>
    public void KeepIn(TensorScope stepScope)
    {
        stepScope.Keep(Output);
        stepScope.Keep(Cell);
    }

    /// <summary>
    /// Whether tables pay for <paramref name="work"/> on sources of padded length S with context size C (2H). Per
    /// source sentence and output column, in GEMM multiply-adds: the direct steps cost k·T·C (k rows, T steps); the
    /// tables cost S·C to build plus k·T weighted sums of S rows at <see cref="WeightedSumCost"/> each. So they pay when
    /// S·C + 16·k·T·S &lt; k·T·C — e.g. greedy search of 50 steps over S = 13 with C = 1024 (23,700 &lt; 51,200), but not
    /// greedy search that stops at EOS (T ≈ S: S·C alone already equals the direct cost).
    /// </summary>
    public static bool Pays(int sourceLength, int contextSize, SearchWork work)
    {
        double stepsRows = (double)work.Steps * work.RowsPerSource;
        return (double)sourceLength * contextSize + WeightedSumCost * stepsRows * sourceLength < stepsRows * contextSize;
    }

    /// <summary>
    /// into[r, :] += Σ_j weights[r, j]·table[rowSource[r], j, :] — the table's share of a step's linear map. Zero
    /// weights (padding) skip their table rows.
    /// </summary>
    /// <param name="weights">[R, S]</param>
    /// <param name="table">[sources, S, N]</param>
    /// <param name="rowSource">[R], each in [0, sources)</param>
    /// <param name="into">[R, N], updated in place (no gradient: search only)</param>
    /// <exception cref="ArgumentException">the shapes or the row → source index do not fit, naming them.</exception>
    public static void AddWeighted(Tensor weights, Tensor table, int[] rowSource, Tensor into)
    {
        int rows = into.Dim(0), n = into.Dim(-1);
        bool fits = weights.Rank == 2 && table.Rank == 3 && into.Rank == 2 && weights.Dim(0) == rows && rowSource.Length == rows
            && weights.Dim(1) == table.Dim(1) && table.Dim(2) == n;
        if (!fits)
            throw new ArgumentException($"ContextTables.AddWeighted: weights {weights.Describe()}, table {table.Describe()}, {rowSource.Length} row sources and output {into.Describe()} do not fit ([R, S], [sources, S, N], R, [R, N]).");
        int s = table.Dim(1), sources = table.Dim(0);
        foreach (int src in rowSource)
            if ((uint)src >= (uint)sources)
                throw new ArgumentException($"ContextTables.AddWeighted: row source {src} is outside the table's {sources} sources.");
        Parallelism.ForRangesIfLarge(rows, (long)rows * s * n, (start, end, _) =>
        {
            ReadOnlySpan<float> w = weights.Span, t = table.Span;
            var o = into.Span;
            // Whole rows, j outermost: a row's table is then read front to back in one stream (~1.5× the bandwidth of
            // column blocks that hop between S streams, measured on [128, 14, 6000]); its accumulator stays in L1/L2.
            for (int r = start; r < end; r++)
            {
                var wr = w.Slice(r * s, s);
                var acc = o.Slice(r * n, n);
                int first = rowSource[r] * s * n;
                for (int j = 0; j < s; j++)
                    if (wr[j] != 0) TensorPrimitives.MultiplyAdd(t.Slice(first + j * n, n), wr[j], acc, acc);
            }
        });
    }
}
