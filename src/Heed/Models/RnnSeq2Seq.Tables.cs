using Heed.Tensors;
using Heed.Tensors.Diagnostics;
using Heed.Tensors.Kernels;
using Heed.Tensors.Memory;

namespace Heed.Models;

/// <summary>
/// Search's speed path for the Bahdanau decoder: W·c_t = Σ_j α_tj (W·h_j), so the context's linear maps (and, with
/// <see cref="TokenTables"/>, the previous token's) are applied once per source position before the steps instead of
/// once per step. The direct step (<see cref="Step"/> without tables) is its test oracle.
/// </summary>
public sealed partial class RnnSeq2Seq
{
    /// <summary>
    /// Which path search steps take: null (the default) lets <see cref="ContextTables.Pays"/> decide from the search's
    /// expected work; true and false force context tables or the direct step (tests compare the two).
    /// </summary>
    internal bool? UseContextTables { get; set; }

    /// <summary>Whether steps with context tables also read the previous token's share from <see cref="TokenTables"/>
    /// (when they fit); false multiplies it at every step (tests compare the two).</summary>
    internal bool UseTokenTables { get; set; } = true;

    /// <summary>Whether <paramref name="encoded"/> (from <see cref="Encode"/>) steps through context tables.</summary>
    internal static bool HasContextTables(IEncodedSource encoded) => encoded is Encoded { Tables: not null };

    /// <summary>Whether search over <paramref name="source"/> should step through context tables (whatever the
    /// mechanism: the tables need only the step's weights, which <see cref="Attention.Attention.Align"/> gives for
    /// local and hard attention too, at the step's position): never for Luong's
    /// decoder, whose context enters through tanh(W_c[c; s]) rather than a linear map alone, nor in training mode,
    /// where dropout acts on the output layer's input, context included; otherwise when the cost rule says they pay
    /// for the work search announced (or as a test forces).</summary>
    private bool TablesPay(SourceBatch source, Encoded encoded, SearchWork? work) => !_luong && !Training
        && (UseContextTables ?? (work is not null && ContextTables.Pays(source.Lengths.Average(), encoded.Values.Dim(2), work)));

    /// <summary>The encoding with context tables built for its steps.</summary>
    private Encoded WithTables(Encoded encoded, SourceBatch source)
    {
        using var _ = PhaseProfiler.Measure("context tables");
        return new Encoded(encoded.Values, encoded.Keys, encoded.Start, tables: BuildTables(encoded.Values, source.Lengths));
    }

    /// <summary>The Bahdanau context tables of annotations [B, S, 2H]: one table row per real source position.</summary>
    private ContextTables BuildTables(Tensor values, int[] lengths)
    {
        int d = Config.HiddenSize, e = Config.EmbeddingSize, c = values.Dim(2);
        var w = _output.Weight;
        var sources = new TableRows(lengths);
        var annotations = sources.Gather(values);                  // [Σ L_b, 2H]
        var output = Ops.LinearColumns(annotations, w, d, null);   // [Σ L_b, V]: W_o[:, D : D+2H]·h_j
        var cell = _cells.ProjectTrailing(annotations);            // [Σ L_b, G·D]: W_ih[:, E : E+2H]·h_j
        var tokens = CurrentTokenTables();
        GemmPackedB rest;
        if (tokens is not null) rest = Gemm.PackB(true, d, w.Dim(0), w.Span, w.Dim(1)); // W_o[:, :D], read in place
        else
            using (TensorScope.Begin()) // the [V, D+E] copy is needed only until it is packed
                rest = Ops.PackLinearWeight(Ops.Concat([w.Slice(1, 0, d), w.Slice(1, d + c, e)], 1));
        return new ContextTables(output, cell, sources, Enumerable.Range(0, values.Dim(0)).ToArray(), rest, tokens);
    }

    /// <summary>The model's token tables, rebuilt when the weights changed since they were made; null when disabled or
    /// too large (<see cref="TokenTables.Fit"/>).</summary>
    private TokenTables? CurrentTokenTables()
    {
        var w = _output.Weight;
        if (!UseTokenTables || !TokenTables.Fit(TargetVocabulary, w.Dim(0) + _cells.FirstWeightIh.Dim(0))) return null;
        int yColumn = w.Dim(1) - Config.EmbeddingSize; // the output layer reads [s; c; y]
        lock (_tokenGate) // search chunks encode concurrently: one builds, the others wait and share
        {
            if (_tokenTables is null || !_tokenTables.Matches(_targetEmbedding.Weight, w, yColumn, _output.Bias, _cells.FirstWeightIh, _cells.FirstBiasIh))
                using (PhaseProfiler.Measure("token tables"))
                    _tokenTables = new TokenTables(_targetEmbedding.Weight, w, yColumn, _output.Bias, _cells.FirstWeightIh, _cells.FirstBiasIh);
            return _tokenTables;
        }
    }

    /// <summary>
    /// The Bahdanau step with the context's linear maps read from the tables: W·c_t = Σ_j α_tj (W·h_j), so the
    /// context itself is never formed; with token tables, the previous token's share is a copied row too, and only
    /// the state s_t is multiplied. The same function as the direct step (its test oracle) up to float rounding.
    /// </summary>
    private StepResult StepWithTables(Encoded source, State state, int[] previousTokens)
    {
        var tables = source.Tables!;
        int rows = previousTokens.Length;
        Tensor weights;
        using (PhaseProfiler.Measure("attention"))
            weights = _attention.Align(state.H[^1].Reshape(rows, 1, -1), source.Keys, state.Position).Reshape(rows, -1); // [B, S]
        // The table sums are sub-phases: counted inside their layer's phase too.
        Tensor[] h; Tensor[]? c;
        Tensor? logits = null, embedded = null;
        using (PhaseProfiler.Measure("decoder cell"))
        {
            Tensor projection; // W_ih[:, :E]·y + b_ih
            if (tables.Tokens is { } tokens)
            {
                projection = Tensor.Empty(rows, tokens.CellSize);
                logits = Tensor.Empty(rows, tokens.OutputSize);   // W_o[:, y]·y + b_o, the output's start
                tokens.Gather(previousTokens, logits, projection);
            }
            else
            {
                embedded = _targetEmbedding.Forward(previousTokens, rows);
                projection = _cells.ProjectLeading(embedded);
            }
            using (PhaseProfiler.Measure("decoder cell: table sums"))
                tables.AddCell(weights, projection);   // + W_ih[:, E:]·c_t
            (h, c) = _cells.StepProjected(projection, state.H, state.C);
        }
        using (PhaseProfiler.Measure("output layer"))
        {
            var top = h[^1];
            if (logits is not null) // + W_o[:, s]·s
                Gemm.MultiplyPacked(false, rows, 1f, top.Span, top.Dim(1), tables.OutputRest, 1f, logits.Span, logits.Dim(1));
            else logits = Ops.Linear(Ops.Concat([top, embedded!], 1), tables.OutputRest, _output.Bias); // W_o[:, s;y]·[s; y] + b
            using (PhaseProfiler.Measure("output layer: table sums"))
                tables.AddOutput(weights, logits);     // + W_o[:, c]·c_t
        }
        return new StepResult(logits, weights, new State(h, c, null, state.Position + 1));
    }
}
