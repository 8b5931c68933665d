using Heed.Attention;
using Heed.Config;
using Heed.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Diagnostics;
using Heed.Tensors.Kernels;
using Heed.Tensors.Memory;
using Heed.Tensors.Nn;
using AttentionModule = Heed.Attention.Attention;

namespace Heed.Models;

/// <summary>
/// The attention-based RNN encoder–decoder of the seed texts, with the decoder in either classic form:
/// <list type="bullet">
/// <item><b>Bahdanau</b> (2015): attention from the previous state s_{t−1}, then s_t = RNN([y_{t−1}; c_t], s_{t−1}),
/// and p(y_t) = softmax(W_o [s_t; c_t; y_{t−1}]) — the PyTorch tutorial's layout.</item>
/// <item><b>Luong</b> (2015): s_t = RNN([y_{t−1}; s̃_{t−1}], s_{t−1}) (input feeding), attention from s_t,
/// s̃_t = tanh(W_c [c_t; s_t]), p(y_t) = softmax(W_s s̃_t).</item>
/// </list>
/// Any score of the attention family can be used. For dot, scaled dot and cosine scores, which need equal query and
/// key sizes, the 2H-wide annotations are projected to the decoder's size to serve as keys (values stay 2H).
/// Search with the Bahdanau decoder may step through <see cref="ContextTables"/> and <see cref="TokenTables"/>: the
/// same maths with the context's and the previous token's linear maps applied ahead of the steps. Luong's decoder
/// always takes the direct step (its context passes through tanh(W_c[c; s]) before the output layer).
/// </summary>
public sealed class RnnSeq2Seq : Module, IStepDecoder
{
    private readonly RnnEncoder _encoder;
    private readonly Embedding _targetEmbedding;
    private readonly Dropout _dropout;
    private readonly Linear _bridge;        // initial decoder state from the encoder summary
    private readonly Linear? _keyProjection; // annotations → keys, for scores that need dq = dk
    private readonly AttentionModule _attention;
    private readonly DecoderCellStack _cells;
    private readonly Linear? _attentional;  // Luong's W_c
    private readonly OutputLayer _output;    // W_o or W_s (its weight may be the tied target embedding)
    private readonly bool _luong;
    private readonly Lock _tokenGate = new();
    private TokenTables? _tokenTables; // kept across searches, checked against the weights before each use

    public ModelConfig Config { get; }
    public int SourceVocabulary { get; }
    public int TargetVocabulary { get; }
    public int BosId { get; }
    public int EosId { get; }
    public int PadId { get; }

    public RnnSeq2Seq(ModelConfig config, int sourceVocabulary, int targetVocabulary, int seed,
        int padId = 1, int bosId = 2, int eosId = 3)
    {
        Config = config;
        SourceVocabulary = sourceVocabulary; TargetVocabulary = targetVocabulary;
        PadId = padId; BosId = bosId; EosId = eosId;
        var random = new Random(seed);
        int e = config.EmbeddingSize, h = config.HiddenSize, d = config.HiddenSize;
        bool lstm = config.Rnn == "lstm";
        float p = (float)config.Dropout;
        _luong = config.Decoder == "luong";
        if (config.TieEmbeddings && !(_luong && e == d))
            throw new HeedInputException($"model.tie_embeddings needs decoder: luong and embedding == hidden (the output layer reads s̃_t of size {d}; the embeddings have size {e}).");

        _encoder = RegisterModule("encoder", new RnnEncoder(sourceVocabulary, e, h, config.EncoderLayers, lstm, p, random));
        _targetEmbedding = RegisterModule("embedding", new Embedding(targetVocabulary, e, random));
        _dropout = RegisterModule("dropout", new Dropout(p, random.Next()));
        _bridge = RegisterModule("bridge", new Linear(2 * h, d, random));
        bool needsEqualSizes = config.Attention is "dot" or "scaled_dot" or "cosine";
        if (needsEqualSizes) _keyProjection = RegisterModule("key_projection", new Linear(2 * h, d, random, bias: false));
        int keySize = needsEqualSizes ? d : 2 * h;
        int maxSource = config.MaxSourceLength > 0 ? config.MaxSourceLength : 128;
        _attention = RegisterModule("attention", AttentionFactory.Create(config.Attention, d, keySize, random,
            hiddenDim: config.AttentionSize > 0 ? config.AttentionSize : d, maxSourceLength: maxSource));
        _cells = RegisterModule("rnn", new DecoderCellStack(_luong ? e + d : e + 2 * h, d, config.DecoderLayers, lstm, p, random));
        if (_luong)
        {
            _attentional = RegisterModule("attentional", new Linear(2 * h + d, d, random, bias: false));
            _output = RegisterModule("output", config.TieEmbeddings ? new OutputLayer(_targetEmbedding.Weight) : new OutputLayer(d, targetVocabulary, random));
        }
        else
        {
            _output = RegisterModule("output", new OutputLayer(d + 2 * h + e, targetVocabulary, random));
        }
        NameParameters();
    }


    // ---- the decoder's state and the encoded source, as search sees them ----

    private sealed class State(Tensor[] h, Tensor[]? c, Tensor? feed) : IDecoderState
    {
        public Tensor[] H { get; } = h;
        public Tensor[]? C { get; } = c;
        public Tensor? Feed { get; } = feed; // Luong's s̃_{t−1}

        /// <summary>The first <paramref name="rows"/> rows, as views (training's unroll drops finished rows).</summary>
        public State LeadingRows(int rows) => new(
            H.Select(t => t.LeadingRows(rows)).ToArray(),
            C?.Select(t => t.LeadingRows(rows)).ToArray(),
            Feed?.LeadingRows(rows));

        public IDecoderState Select(int[] rows) => new State(
            H.Select(t => t.SelectBatch(rows)).ToArray(),
            C?.Select(t => t.SelectBatch(rows)).ToArray(),
            Feed?.SelectBatch(rows));

        public void KeepIn(TensorScope stepScope)
        {
            foreach (var t in H) stepScope.Keep(t);
            if (C is not null) foreach (var t in C) stepScope.Keep(t);
            if (Feed is not null) stepScope.Keep(Feed);
        }
    }

    private sealed class Encoded(Tensor values, ProjectedKeys keys, Tensor start, GemmPackedB? outputWeight = null,
        ContextTables? tables = null) : IEncodedSource
    {
        public Tensor Values { get; } = values; // [B, S, 2H]
        public ProjectedKeys Keys { get; } = keys;
        public Tensor Start { get; } = start;   // [B, D], the initial decoder state

        /// <summary>The output layer's weight packed for the GEMM once per search call (null when gradients are on):
        /// every step multiplies by the same [V, F] weight, and packing its 40-odd MB cost ~10% of a step.</summary>
        public GemmPackedB? OutputWeight { get; } = outputWeight;

        /// <summary>The context's linear maps applied to the annotations once (Bahdanau, search only, when they pay);
        /// steps then weigh table rows instead of multiplying the context (<see cref="ContextTables"/>).</summary>
        public ContextTables? Tables { get; } = tables;
        public int Rows => Values.Dim(0);
        public int SourceLength => Values.Dim(1);

        public IEncodedSource Select(int[] rows) =>
            new Encoded(Values.SelectBatch(rows), Keys.Select(rows), Start.SelectBatch(rows), OutputWeight, Tables?.Select(rows));

        /// <summary>The first <paramref name="rows"/> sentences, as views (training only: no tables, no packed weight).</summary>
        public Encoded LeadingRows(int rows) =>
            rows == Rows ? this : new Encoded(Values.LeadingRows(rows), Keys.LeadingRows(rows), Start.LeadingRows(rows));

        public void KeepIn(TensorScope stepScope)
        {
            stepScope.Keep(Values); stepScope.Keep(Start);
            stepScope.Keep(Keys.Projected);
            if (Keys.Mask is not null) stepScope.Keep(Keys.Mask);
            Tables?.KeepIn(stepScope);
        }
    }

    // ---- shared by training (Unroll) and search (Step) ----

    private Encoded EncodeSource(SourceBatch source)
    {
        using var _ = PhaseProfiler.Measure("encoder");
        var enc = _encoder.Forward(source);
        var keys = _keyProjection?.Forward(enc.Outputs) ?? enc.Outputs;
        var prepared = _attention.PrepareKeys(keys, enc.Mask);
        var start = _bridge.Forward(enc.Summary).Tanh();                           // [B, D]
        return new Encoded(enc.Outputs, prepared, start);
    }

    private State StartState(Encoded encoded)
    {
        int b = encoded.Rows, d = Config.HiddenSize;
        var h = Enumerable.Repeat(encoded.Start, Config.DecoderLayers).ToArray();
        var c = _cells.IsLstm ? Enumerable.Range(0, Config.DecoderLayers).Select(_ => Tensor.Zeros(b, d)).ToArray() : null;
        var feed = _luong ? Tensor.Zeros(b, d) : null;
        return new State(h, c, feed);
    }

    /// <summary>
    /// One decoder step from the embedded previous token [B, E] and its first-layer input projection
    /// (<see cref="DecoderCellStack.ProjectLeading"/>, [B, G·D]): the output layer's input, the weights, the new state.
    /// </summary>
    private (Tensor Features, Tensor Weights, State Next) DecodeStep(Encoded encoded, State state, Tensor embedded, Tensor embeddedProjection)
    {
        int b = embedded.Dim(0);
        if (_luong)
        {
            var (h, c) = _cells.Step(embeddedProjection, state.Feed!, state.H, state.C);   // input [E + D]
            var top = h[^1];
            var att = _attention.Attend(top.Reshape(b, 1, -1), encoded.Keys, encoded.Values);
            var context = att.Context.Reshape(b, -1);                                            // [B, 2H]
            var feed = _attentional!.Forward(Ops.Concat([context, top], 1)).Tanh();              // s̃_t [B, D]
            return (feed, att.Weights.Reshape(b, -1), new State(h, c, feed));
        }
        else
        {
            AttentionResult att;
            using (PhaseProfiler.Measure("attention")) att = _attention.Attend(state.H[^1].Reshape(b, 1, -1), encoded.Keys, encoded.Values);
            var context = att.Context.Reshape(b, -1);                                            // [B, 2H]
            Tensor[] h; Tensor[]? c;
            using (PhaseProfiler.Measure("decoder cell")) (h, c) = _cells.Step(embeddedProjection, context, state.H, state.C); // input [E + 2H]
            var features = Ops.Concat([h[^1], context, embedded], 1);                            // [B, D + 2H + E]
            return (features, att.Weights.Reshape(b, -1), new State(h, c, null));
        }
    }

    private Tensor Logits(Tensor features, GemmPackedB? packedWeight) => packedWeight is null
        ? Ops.Linear(_dropout.Forward(features), _output.Weight, _output.Bias)
        : Ops.Linear(_dropout.Forward(features), packedWeight, _output.Bias);

    /// <summary>
    /// Teacher-forced training loss: mean cross-entropy of the target ids (row-major [B, T], each BOS … EOS then padding)
    /// predicted from their prefixes. The output layer runs once over all steps.
    /// </summary>
    /// <remarks>
    /// Sentences are unrolled longest first, and step t runs only the n_t sentences that still have a target there
    /// (like a packed sequence): in a batch whose longest target is ~1.5× the mean, padded steps were a third of the
    /// decoder's recurrent work. The encoder states, mask and decoder state enter step t as views of their first n_t
    /// rows (<see cref="Ops.LeadingRows"/>), so nothing is copied. Rows are reordered inside the loss only; the loss —
    /// a mean over scored tokens — does not depend on the order (dropout masks do: they follow the packed layout).
    /// </remarks>
    /// <returns>the loss tensor (shape []) and the number of target tokens it averages over</returns>
    public (Tensor Loss, int Tokens) Loss(SourceBatch source, int[] target, int targetLength, float labelSmoothing)
    {
        int b = source.Batch, steps = targetLength - 1;
        if (target.Length != b * targetLength)
            throw new ArgumentException($"Loss: {target.Length} target ids for batch {b} × length {targetLength}.");
        // Steps each sentence needs: up to its last scored (non-padding) gold token.
        var needed = new int[b];
        for (int i = 0; i < b; i++)
            for (int t = steps - 1; t >= 0; t--)
                if (target[i * targetLength + 1 + t] != PadId) { needed[i] = t + 1; break; }
        int[] order = Enumerable.Range(0, b).OrderByDescending(i => needed[i]).ToArray(); // stable: ties keep their order
        var sorted = source.Select(order);
        var active = new int[steps]; // n_t: sentences still running at step t, the first n_t of the sorted batch
        foreach (int i in order)
            for (int t = 0; t < needed[i]; t++) active[t]++;
        int unrolled = active.Count(n => n > 0);
        if (unrolled == 0)
            throw new ArgumentException($"Loss: the batch of {b} has no target token to score (every target is padding).");

        // The packed layout: step 0's n_0 rows, then step 1's n_1 rows, … (Σ n_t rows in all).
        int packedRows = active.Sum();
        var inputs = new int[packedRows];
        var gold = new int[packedRows];
        for (int t = 0, row = 0; t < unrolled; t++)
            for (int r = 0; r < active[t]; r++, row++)
            {
                inputs[row] = target[order[r] * targetLength + t];
                gold[row] = target[order[r] * targetLength + t + 1];
            }

        var encoded = EncodeSource(sorted);
        var state = StartState(encoded);
        var embedded = _dropout.Forward(_targetEmbedding.Forward(inputs, packedRows));     // [Σ n_t, E]
        // The embedding half of the first cell's input projection, for all steps in one GEMM.
        Tensor projected;
        using (PhaseProfiler.Measure("decoder cell")) projected = _cells.ProjectLeading(embedded); // [Σ n_t, G·D]
        var features = new Tensor[unrolled];
        for (int t = 0, first = 0; t < unrolled; first += active[t], t++)
        {
            int n = active[t];
            var (f, _, next) = DecodeStep(encoded.LeadingRows(n), state.LeadingRows(n), embedded.Slice(0, first, n), projected.Slice(0, first, n));
            features[t] = f;
            state = next;
        }
        using var _ = PhaseProfiler.Measure("output+loss");
        // The output layer (most of the model's FLOPs) runs only on the rows that are scored: the packed rows are the
        // unrolled steps, so only a padding token inside a sentence (none in practice) is left to ignore.
        // Sub-phases (counted inside output+loss too) show how much of it is the GEMM.
        Tensor dropped;
        using (PhaseProfiler.Measure("output: stack+dropout"))
            dropped = _dropout.Forward(Ops.Concat(features, 0)); // [Σ n_t, F]
        int tokens = gold.Count(id => id != PadId);
        Tensor logits;
        using (PhaseProfiler.Measure("output: linear"))
            logits = Ops.Linear(dropped, _output.Weight, _output.Bias); // [Σ n_t, V]
        using (PhaseProfiler.Measure("output: loss"))
            return (logits.CrossEntropy(gold, ignoreIndex: PadId, labelSmoothing: labelSmoothing), tokens);
    }

    // ---- IStepDecoder ----

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

    /// <remarks>Under no-grad (as search runs) the encoding also carries a packed snapshot of the output weight for its
    /// steps — and, for the Bahdanau decoder in evaluation mode when <paramref name="work"/> makes them pay, the context
    /// tables (<see cref="ContextTables"/>) — so it must not outlive a change of the weights; with gradients on, steps
    /// use the live weights.</remarks>
    public IEncodedSource Encode(SourceBatch source, SearchWork? work = null)
    {
        var encoded = EncodeSource(source);
        if (GradMode.IsEnabled) return encoded;
        // Luong's context enters through tanh(W_c[c; s]), not a linear map alone; dropout (training mode) acts on
        // the output layer's input, context included, so neither may fold the context into tables.
        bool tables = !_luong && !Training
            && (UseContextTables ?? (work is not null && ContextTables.Pays(source.Lengths.Average(), encoded.Values.Dim(2), work)));
        if (tables)
        {
            using var _ = PhaseProfiler.Measure("context tables");
            return new Encoded(encoded.Values, encoded.Keys, encoded.Start, tables: BuildTables(encoded.Values, source.Lengths));
        }
        GemmPackedB packed;
        using (PhaseProfiler.Measure("output layer")) packed = Ops.PackLinearWeight(_output.Weight);
        return new Encoded(encoded.Values, encoded.Keys, encoded.Start, packed);
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

    public IDecoderState Start(IEncodedSource encoded) => StartState((Encoded)encoded);

    public StepResult Step(IEncodedSource encoded, IDecoderState state, int[] previousTokens)
    {
        var source = (Encoded)encoded;
        if (source.Tables is not null) return StepWithTables(source, (State)state, previousTokens);
        var embedded = _targetEmbedding.Forward(previousTokens, previousTokens.Length);  // [B, E]
        Tensor projected;
        using (PhaseProfiler.Measure("decoder cell")) projected = _cells.ProjectLeading(embedded);
        var (features, weights, next) = DecodeStep(source, (State)state, embedded, projected);
        Tensor logits;
        using (PhaseProfiler.Measure("output layer")) logits = Logits(features, source.OutputWeight);
        return new StepResult(logits, weights, next);
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
            weights = _attention.Align(state.H[^1].Reshape(rows, 1, -1), source.Keys).Reshape(rows, -1); // [B, S]
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
        return new StepResult(logits, weights, new State(h, c, null));
    }
}
