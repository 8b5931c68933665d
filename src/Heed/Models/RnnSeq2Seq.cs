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
/// Any mechanism of the attention family can be used: the six global scores, local-m / local-p around one of them,
/// each soft or hard (<see cref="RnnConfig"/>). For dot, scaled dot and cosine scores, which need equal query and
/// key sizes, the 2H-wide annotations are projected to the decoder's size to serve as keys (values stay 2H).
/// <para>This file is the plain model: its layers, the encoder, and the direct decoder step that training and search
/// share. Its speed paths live beside it and are tested against it: the packed training unroll
/// (RnnSeq2Seq.PackedLoss.cs, against <see cref="Seq2SeqModel"/>'s step-wise teacher forcing through
/// <see cref="Step"/>) and the table step of search (RnnSeq2Seq.Tables.cs: the Bahdanau step with the context's and the
/// previous token's linear maps applied ahead of the steps, against the direct step). Luong's decoder always takes the
/// direct step (its context passes through tanh(W_c[c; s]) before the output layer).</para>
/// </summary>
public sealed partial class RnnSeq2Seq : Seq2SeqModel
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

    /// <summary>The checkpoint format of this model (unchanged since the first release, so old model directories load).</summary>
    public const string Format = "heed-rnn-1";

    /// <summary>The shape this model was built with.</summary>
    public override RnnConfig Config { get; }

    /// <inheritdoc/>
    public override string CheckpointFormat => Format;

    /// <summary>Builds the model with freshly initialised weights (a checkpoint is loaded into them afterwards).</summary>
    /// <param name="config">the shape: cells, sizes, decoder and attention</param>
    /// <param name="sourceVocabulary">source vocabulary size (ids 0 … size − 1)</param>
    /// <param name="targetVocabulary">target vocabulary size, the output layer's width</param>
    /// <param name="seed">seeds the initialisation and dropout: the same seed gives the same weights</param>
    /// <param name="padId">the padding id (not scored)</param>
    /// <param name="bosId">the id that starts every target row</param>
    /// <param name="eosId">the id that ends every sentence</param>
    /// <exception cref="HeedInputException">a shape the mechanism cannot have (tied embeddings without a Luong decoder
    /// and embedding = hidden)</exception>
    public RnnSeq2Seq(RnnConfig config, int sourceVocabulary, int targetVocabulary, int seed,
        int padId = 1, int bosId = 2, int eosId = 3)
        : base(sourceVocabulary, targetVocabulary, padId, bosId, eosId)
    {
        Config = config;
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
        bool needsEqualSizes = config.Score is "dot" or "scaled_dot" or "cosine";
        if (needsEqualSizes) _keyProjection = RegisterModule("key_projection", new Linear(2 * h, d, random, bias: false));
        int keySize = needsEqualSizes ? d : 2 * h;
        _attention = RegisterModule("attention", BuildAttention(config, d, keySize, random, seed));
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


    /// <summary>The location score's L when model.max_source_length is 0 (configs written before the key mattered).</summary>
    private const int DefaultMaxSourceLength = 128;

    /// <summary>
    /// The configured mechanism: a global score, or local-m / local-p around <see cref="RnnConfig.LocalScore"/>,
    /// hardened when <see cref="RnnConfig.AttentionMode"/> is hard (argmax at decoding, straight-through Gumbel-softmax
    /// in training; see <see cref="HardAttention"/>). The global scores draw from <paramref name="random"/> exactly as
    /// before local and hard attention existed, so a seed initialises those models as it always did.
    /// </summary>
    private static AttentionModule BuildAttention(RnnConfig config, int queryDim, int keyDim, Random random, int seed)
    {
        int maxSource = config.MaxSourceLength > 0 ? config.MaxSourceLength : DefaultMaxSourceLength;
        var attention = AttentionFactory.Create(config.Score, queryDim, keyDim, random,
            hiddenDim: config.AttentionSize > 0 ? config.AttentionSize : queryDim, maxSourceLength: maxSource);
        if (config.IsLocal)
            attention = new LocalAttention(attention, config.Attention == "local-m" ? LocalAttentionMode.Monotonic : LocalAttentionMode.Predictive,
                config.Window, random);
        if (config.AttentionMode == "hard")
            attention = new HardAttention(attention, HardAttentionMode.Argmax, seed, trainsStraightThrough: true);
        return attention;
    }

    // ---- the decoder's state and the encoded source, as search sees them ----

    /// <param name="h">each layer's hidden state [B, H]</param>
    /// <param name="c">each layer's LSTM cell state [B, H]; null for GRU</param>
    /// <param name="feed">Luong's input feeding s̃_{t−1} [B, H]; null for Bahdanau, and before the first step</param>
    /// <param name="position">the decoder step t the next query is made at (0 before the first output token), the
    /// same for every row: training's unroll and search both step all their rows together. Local-m attention
    /// centres its window on it.</param>
    private sealed class State(Tensor[] h, Tensor[]? c, Tensor? feed, int position) : IDecoderState
    {
        public Tensor[] H { get; } = h;
        public Tensor[]? C { get; } = c;
        public Tensor? Feed { get; } = feed; // Luong's s̃_{t−1}
        public int Position { get; } = position;

        /// <summary>The first <paramref name="rows"/> rows, as views (training's unroll drops finished rows).</summary>
        public State LeadingRows(int rows) => new(
            H.Select(t => t.LeadingRows(rows)).ToArray(),
            C?.Select(t => t.LeadingRows(rows)).ToArray(),
            Feed?.LeadingRows(rows), Position);

        public IDecoderState Select(int[] rows) => new State(
            H.Select(t => t.SelectBatch(rows)).ToArray(),
            C?.Select(t => t.SelectBatch(rows)).ToArray(),
            Feed?.SelectBatch(rows), Position);

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
        CheckLocationLength(source);
        var enc = _encoder.Forward(source);
        var keys = _keyProjection?.Forward(enc.Outputs) ?? enc.Outputs;
        var prepared = _attention.PrepareKeys(keys, enc.Mask);
        var start = _bridge.Forward(enc.Summary).Tanh();                           // [B, D]
        return new Encoded(enc.Outputs, prepared, start);
    }

    /// <summary>The location score has one output per source position up to L: a longer source is the config's
    /// limit, reported as such (not as the attention module's shape error).</summary>
    private void CheckLocationLength(SourceBatch source)
    {
        if (Config.Score != "location") return;
        int limit = Config.MaxSourceLength > 0 ? Config.MaxSourceLength : DefaultMaxSourceLength;
        if (source.MaxLength > limit)
            throw new HeedInputException(
                $"A source of {source.MaxLength} tokens (with its end marker) is longer than the location score can attend to: model.max_source_length is {Config.MaxSourceLength}{(Config.MaxSourceLength > 0 ? "" : $" (so {DefaultMaxSourceLength})")}. Train with a larger model.max_source_length, or a data.max_length below it.");
    }

    private State StartState(Encoded encoded)
    {
        int b = encoded.Rows, d = Config.HiddenSize;
        var h = Enumerable.Repeat(encoded.Start, Config.DecoderLayers).ToArray();
        var c = _cells.IsLstm ? Enumerable.Range(0, Config.DecoderLayers).Select(_ => Tensor.Zeros(b, d)).ToArray() : null;
        var feed = _luong ? Tensor.Zeros(b, d) : null;
        return new State(h, c, feed, 0);
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
            var att = _attention.Attend(top.Reshape(b, 1, -1), encoded.Keys, encoded.Values, firstQueryPosition: state.Position);
            var context = att.Context.Reshape(b, -1);                                            // [B, 2H]
            var feed = _attentional!.Forward(Ops.Concat([context, top], 1)).Tanh();              // s̃_t [B, D]
            return (feed, att.Weights.Reshape(b, -1), new State(h, c, feed, state.Position + 1));
        }
        else
        {
            AttentionResult att;
            using (PhaseProfiler.Measure("attention"))
                att = _attention.Attend(state.H[^1].Reshape(b, 1, -1), encoded.Keys, encoded.Values, firstQueryPosition: state.Position);
            var context = att.Context.Reshape(b, -1);                                            // [B, 2H]
            Tensor[] h; Tensor[]? c;
            using (PhaseProfiler.Measure("decoder cell")) (h, c) = _cells.Step(embeddedProjection, context, state.H, state.C); // input [E + 2H]
            var features = Ops.Concat([h[^1], context, embedded], 1);                            // [B, D + 2H + E]
            return (features, att.Weights.Reshape(b, -1), new State(h, c, null, state.Position + 1));
        }
    }

    private Tensor Logits(Tensor features, GemmPackedB? packedWeight) => packedWeight is null
        ? Ops.Linear(_dropout.Forward(features), _output.Weight, _output.Bias)
        : Ops.Linear(_dropout.Forward(features), packedWeight, _output.Bias);

    // ---- IStepDecoder: the direct step (the table step is in RnnSeq2Seq.Tables.cs) ----

    /// <remarks>Under no-grad (as search runs) the encoding also carries a packed snapshot of the output weight for its
    /// steps — or, for the Bahdanau decoder in evaluation mode when <paramref name="work"/> makes them pay, the context
    /// tables (RnnSeq2Seq.Tables.cs) — so it must not outlive a change of the weights; with gradients on, steps use
    /// the live weights.</remarks>
    public override IEncodedSource Encode(SourceBatch source, SearchWork? work = null)
    {
        var encoded = EncodeSource(source);
        if (GradMode.IsEnabled) return encoded;
        if (TablesPay(source, encoded, work)) return WithTables(encoded, source);
        GemmPackedB packed;
        using (PhaseProfiler.Measure("output layer")) packed = Ops.PackLinearWeight(_output.Weight);
        return new Encoded(encoded.Values, encoded.Keys, encoded.Start, packed);
    }

    /// <inheritdoc/>
    public override IDecoderState Start(IEncodedSource encoded) => StartState((Encoded)encoded);

    /// <inheritdoc/>
    public override StepResult Step(IEncodedSource encoded, IDecoderState state, int[] previousTokens)
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
}
