using Heed.Tensors;
using Heed.Tensors.Kernels;

namespace Heed.Models;

/// <summary>
/// The previous token's share of a Bahdanau step, for every target token at once: row t of <c>Output</c> is
/// W_o[:, y columns]·e_t + b_o and row t of <c>Cell</c> is W_ih[:, :E]·e_t + b_ih (e_t the token's embedding). A step
/// then copies one row per hypothesis instead of multiplying E = 256 columns by 6k outputs — the same numbers up to
/// float rounding, about an eighth of the step's multiply-adds for the tutorial model.
/// </summary>
/// <remarks>
/// Built from a snapshot of those weights and kept by the model across searches (building costs as much as ~6k
/// hypothesis-steps, i.e. a couple of batches). <see cref="Matches"/> compares the snapshot with the live weights
/// before every use, so tables never outlive a change of the weights (training, loading). Only built when they
/// take at most <see cref="MaxFloats"/> floats: a 32k BPE vocabulary on both sides would need 4 GB.
/// </remarks>
internal sealed class TokenTables
{
    /// <summary>The largest tables kept (Vt × (V + G·D) floats): 256 MB. The tutorial model needs 181 MB.</summary>
    public const long MaxFloats = 64L << 20;

    private readonly float[] _output; // [Vt, V]
    private readonly float[] _cell;   // [Vt, G·D]
    private readonly float[][] _snapshot;

    /// <summary>Vt.</summary>
    public int Tokens { get; }

    /// <summary>V, the output layer's width.</summary>
    public int OutputSize { get; }

    /// <summary>G·D, the first cell's input projection width.</summary>
    public int CellSize { get; }

    /// <summary>Whether tables for <paramref name="tokens"/> tokens and rows of <paramref name="width"/> = V + G·D fit <see cref="MaxFloats"/>.</summary>
    public static bool Fit(int tokens, int width) => (long)tokens * width <= MaxFloats;

    /// <param name="embedding">[Vt, E]</param>
    /// <param name="outputWeight">[V, F], its columns [<paramref name="outputColumn"/>, + E) multiplying the embedding</param>
    /// <param name="outputColumn">the first of those columns</param>
    /// <param name="outputBias">[V]</param>
    /// <param name="cellWeight">[G·D, ≥ E], its first E columns multiplying the embedding</param>
    /// <param name="cellBias">[G·D]</param>
    public TokenTables(Tensor embedding, Tensor outputWeight, int outputColumn, Tensor outputBias, Tensor cellWeight, Tensor cellBias)
    {
        int e = embedding.Dim(1);
        Tokens = embedding.Dim(0); OutputSize = outputWeight.Dim(0); CellSize = cellWeight.Dim(0);
        _snapshot = Snapshot(embedding, outputWeight, outputColumn, outputBias, cellWeight, cellBias);
        _output = Project(embedding, outputWeight, outputColumn, outputBias);
        _cell = Project(embedding, cellWeight, 0, cellBias);

        float[] Project(Tensor x, Tensor w, int column, Tensor bias)
        {
            int n = w.Dim(0);
            var y = new float[(long)Tokens * n];
            for (int t = 0; t < Tokens; t++) bias.Span.CopyTo(y.AsSpan(t * n, n));
            Gemm.Multiply(false, true, Tokens, n, e, 1f, x.Span, e, w.Span[column..], w.Dim(1), 1f, y, n);
            return y;
        }
    }

    /// <summary>Whether the weights still hold the values these tables were built from (exact comparison, no copies).</summary>
    public bool Matches(Tensor embedding, Tensor outputWeight, int outputColumn, Tensor outputBias, Tensor cellWeight, Tensor cellBias)
    {
        int e = embedding.Dim(1);
        return embedding.Dim(0) == Tokens && outputWeight.Dim(0) == OutputSize && cellWeight.Dim(0) == CellSize
            && embedding.Span.SequenceEqual(_snapshot[0]) && SameColumns(outputWeight, outputColumn, e, _snapshot[1])
            && outputBias.Span.SequenceEqual(_snapshot[2]) && SameColumns(cellWeight, 0, e, _snapshot[3])
            && cellBias.Span.SequenceEqual(_snapshot[4]);
    }

    private static bool SameColumns(Tensor w, int first, int count, float[] block)
    {
        int ld = w.Dim(1);
        if (first + count > ld || block.Length != w.Dim(0) * count) return false;
        var s = w.Span;
        for (int r = 0; r < w.Dim(0); r++)
            if (!s.Slice(r * ld + first, count).SequenceEqual(block.AsSpan(r * count, count))) return false;
        return true;
    }

    /// <summary>Row <c>tokens[r]</c> of the output table into row r of <paramref name="output"/> ([R, V]), and of the cell
    /// table into <paramref name="cell"/> ([R, G·D]).</summary>
    /// <exception cref="ArgumentException">shapes that do not fit or a token outside [0, Vt), naming them.</exception>
    public void Gather(int[] tokens, Tensor output, Tensor cell)
    {
        int rows = tokens.Length;
        if (output.Rank != 2 || cell.Rank != 2 || output.Dim(0) != rows || cell.Dim(0) != rows || output.Dim(1) != OutputSize || cell.Dim(1) != CellSize)
            throw new ArgumentException($"TokenTables.Gather: {rows} tokens into {output.Describe()} and {cell.Describe()} (expected [{rows}, {OutputSize}] and [{rows}, {CellSize}]).");
        var o = output.Span; var c = cell.Span;
        for (int r = 0; r < rows; r++)
        {
            int t = tokens[r];
            if ((uint)t >= (uint)Tokens) throw new ArgumentException($"TokenTables.Gather: token {t} is outside the vocabulary of {Tokens}.");
            _output.AsSpan(t * OutputSize, OutputSize).CopyTo(o.Slice(r * OutputSize, OutputSize));
            _cell.AsSpan(t * CellSize, CellSize).CopyTo(c.Slice(r * CellSize, CellSize));
        }
    }

    /// <summary>Copies of the weight values the tables depend on: the embedding, the output weight's E columns row by
    /// row, the output bias, the cell weight's first E columns row by row, the cell bias.</summary>
    private static float[][] Snapshot(Tensor embedding, Tensor outputWeight, int outputColumn, Tensor outputBias, Tensor cellWeight, Tensor cellBias)
    {
        int e = embedding.Dim(1);
        return [embedding.ToArray(), Columns(outputWeight, outputColumn, e), outputBias.ToArray(), Columns(cellWeight, 0, e), cellBias.ToArray()];
    }

    private static float[] Columns(Tensor w, int first, int count)
    {
        int rows = w.Dim(0), ld = w.Dim(1);
        var block = new float[rows * count];
        var s = w.Span;
        for (int r = 0; r < rows; r++) s.Slice(r * ld + first, count).CopyTo(block.AsSpan(r * count, count));
        return block;
    }
}
