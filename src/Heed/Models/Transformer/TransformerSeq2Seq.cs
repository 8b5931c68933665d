using System.Numerics.Tensors;
using Heed.Attention;
using Heed.Config;
using Heed.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Diagnostics;
using Heed.Tensors.Kernels;
using Heed.Tensors.Memory;
using Heed.Tensors.Nn;
using Tensor = Heed.Tensors.Tensor;

namespace Heed.Models.Transformer;

/// <summary>
/// The Transformer encoder–decoder of Vaswani et al. 2017, "Attention Is All You Need": token embeddings × √d_model
/// plus positions (the sinusoidal table of §3.5, or a learned one), dropout; an encoder stack of self-attention and
/// feed-forward layers and a decoder stack of causal self-attention, attention to the encoder and feed-forward
/// layers, residual connections with post-norm (the paper's) or pre-norm placement; a linear map to the target
/// vocabulary, optionally tied to the target embeddings (Press &amp; Wolf 2017).
/// </summary>
/// <remarks>
/// <para>Training (<see cref="Loss"/>) runs each stack over whole sequences; search steps one token at a time through
/// <see cref="IStepDecoder"/>, with every decoder layer's cross-attention keys and values projected once in
/// <see cref="Encode"/> and its self-attention keys and values kept in a per-hypothesis cache
/// (<see cref="KeyValueCache"/>) that grows by one position a step. Token embeddings start from N(0, 1/d_model), so
/// that after the √d_model scale they have unit variance, as do the learned positions.</para>
/// <para>Forward passes share no mutable state beyond the dropout layers' replica-aware streams, so data-parallel
/// replicas may call <see cref="Loss"/> concurrently.</para>
/// </remarks>
public sealed class TransformerSeq2Seq : Seq2SeqModel
{
    private readonly Embedding _sourceEmbedding;
    private readonly Embedding _targetEmbedding; // the source's when shared
    private readonly Embedding? _learnedPositions;
    private readonly Tensor? _sinusoids;          // [max_positions, d_model], a constant
    private readonly Dropout _dropout;
    private readonly TransformerEncoderLayer[] _encoderLayers;
    private readonly TransformerDecoderLayer[] _decoderLayers;
    private readonly LayerNorm? _encoderNorm;     // pre-norm only
    private readonly LayerNorm? _decoderNorm;
    private readonly OutputLayer _output;
    private readonly float _embeddingScale;

    /// <summary>The checkpoint format of this model.</summary>
    public const string Format = "heed-transformer-1";

    /// <summary>The shape this model was built with.</summary>
    public override TransformerConfig Config { get; }

    /// <inheritdoc/>
    public override string CheckpointFormat => Format;

    /// <summary>Step t reads position t of the table (BOS at 0), so at most max_positions steps.</summary>
    public override int MaxOutputLength => Config.MaxPositions;

    /// <summary>
    /// Whether search steps read and extend the self-attention caches (the default) or re-run the decoder over the
    /// whole prefix at every step (the caches' test oracle, and the benchmark's baseline). Steps with gradients on
    /// always re-run the prefix: the caches hold no history to back-propagate through.
    /// </summary>
    internal bool UseCache { get; set; } = true;

    /// <param name="config">the shape</param>
    /// <param name="sourceVocabulary">source vocabulary size</param>
    /// <param name="targetVocabulary">target vocabulary size</param>
    /// <param name="seed">seeds the initial weights and the dropout streams</param>
    /// <param name="padId">padding id (both sides)</param>
    /// <param name="bosId">the target's begin-of-sentence id</param>
    /// <param name="eosId">end-of-sentence id</param>
    /// <exception cref="HeedInputException">a configuration value is out of range or the sizes do not fit; the message
    /// names the key.</exception>
    public TransformerSeq2Seq(TransformerConfig config, int sourceVocabulary, int targetVocabulary, int seed,
        int padId = 1, int bosId = 2, int eosId = 3)
        : base(sourceVocabulary, targetVocabulary, padId, bosId, eosId)
    {
        Validate(config, sourceVocabulary, targetVocabulary);
        Config = config;
        var random = new Random(seed);
        int d = config.ModelDim;
        _embeddingScale = MathF.Sqrt(d);

        _sourceEmbedding = RegisterModule(config.ShareEmbeddings ? "embedding" : "source_embedding", ScaledEmbedding(sourceVocabulary, d, random));
        _targetEmbedding = config.ShareEmbeddings ? _sourceEmbedding : RegisterModule("target_embedding", ScaledEmbedding(targetVocabulary, d, random));
        if (config.Positions == "learned") _learnedPositions = RegisterModule("positions", new Embedding(config.MaxPositions, d, random));
        else _sinusoids = SinusoidTable(config.MaxPositions, d);
        _dropout = RegisterModule("dropout", new Dropout((float)config.Dropout, random.Next()));
        _encoderLayers = new TransformerEncoderLayer[config.EncoderLayers];
        for (int i = 0; i < _encoderLayers.Length; i++)
            _encoderLayers[i] = RegisterModule($"encoder_layer{i}", new TransformerEncoderLayer(config, random));
        _decoderLayers = new TransformerDecoderLayer[config.DecoderLayers];
        for (int i = 0; i < _decoderLayers.Length; i++)
            _decoderLayers[i] = RegisterModule($"decoder_layer{i}", new TransformerDecoderLayer(config, random));
        if (config.Norm == "pre")
        {
            _encoderNorm = RegisterModule("encoder_norm", new LayerNorm(d));
            _decoderNorm = RegisterModule("decoder_norm", new LayerNorm(d));
        }
        _output = RegisterModule("output", config.TieEmbeddings ? new OutputLayer(_targetEmbedding.Weight) : new OutputLayer(d, targetVocabulary, random));
        NameParameters();
    }

    private static void Validate(TransformerConfig c, int sourceVocabulary, int targetVocabulary)
    {
        static void OneOf(string key, string value, IReadOnlyList<string> allowed)
        {
            if (!allowed.Contains(value))
                throw new HeedInputException($"{key} must be one of {string.Join(", ", allowed)}; got '{value}'.");
        }
        OneOf("model.norm", c.Norm, TransformerConfig.Norms);
        OneOf("model.positions", c.Positions, TransformerConfig.Positionses);
        OneOf("model.activation", c.Activation, TransformerConfig.Activations);
        if (c.ModelDim <= 0 || c.Heads <= 0 || c.ModelDim % c.Heads != 0)
            throw new HeedInputException($"model.d_model = {c.ModelDim} must be a positive multiple of model.heads = {c.Heads}.");
        if (c.EncoderLayers < 1 || c.DecoderLayers < 1)
            throw new HeedInputException($"model.encoder_layers = {c.EncoderLayers} and model.decoder_layers = {c.DecoderLayers} must both be at least 1.");
        if (c.FeedForward < 1)
            throw new HeedInputException($"model.ff = {c.FeedForward} must be at least 1.");
        if (c.MaxPositions < 1)
            throw new HeedInputException($"model.max_positions = {c.MaxPositions} must be at least 1.");
        if (c.Dropout is < 0 or >= 1 || c.AttentionDropout is < 0 or >= 1)
            throw new HeedInputException($"model.dropout = {c.Dropout} and model.attention_dropout = {c.AttentionDropout} must be in [0, 1).");
        if (c.ShareEmbeddings && sourceVocabulary != targetVocabulary)
            throw new HeedInputException(
                $"model.share_embeddings needs one vocabulary for both sides; the source vocabulary has {sourceVocabulary} entries and the target's {targetVocabulary}.");
    }

    /// <summary>An embedding drawn from N(0, 1/d) (N(0, 1) scaled), so that × √d gives unit variance.</summary>
    private static Embedding ScaledEmbedding(int vocabulary, int d, Random random)
    {
        var embedding = new Embedding(vocabulary, d, random);
        TensorPrimitives.Multiply(embedding.Weight.Span, 1f / MathF.Sqrt(d), embedding.Weight.Span);
        return embedding;
    }

    /// <summary>PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i + 1) = cos(pos / 10000^(2i/d)) (§3.5), [n, d].</summary>
    internal static Tensor SinusoidTable(int positions, int d)
    {
        var table = Tensor.Persistent([positions, d]); // a constant outside every scope, like a parameter
        var s = table.Span;
        for (int pos = 0; pos < positions; pos++)
            for (int i = 0; i < d; i += 2)
            {
                double angle = pos / Math.Pow(10000, (double)i / d);
                s[pos * d + i] = (float)Math.Sin(angle);
                if (i + 1 < d) s[pos * d + i + 1] = (float)Math.Cos(angle);
            }
        return table;
    }

    // ---- shared by training, search and the attention maps ----

    private void CheckLength(int length, string what)
    {
        if (length > Config.MaxPositions)
            throw new HeedInputException($"A {what} of length {length} is longer than model.max_positions = {Config.MaxPositions}.");
    }

    /// <summary>Embedding × √d + position, dropout: ids [rows, length] at positions first … first + length − 1.</summary>
    /// <returns>[rows, length, d_model]</returns>
    private Tensor Embed(Embedding embedding, ReadOnlySpan<int> ids, int rows, int length, int first)
    {
        var positionIds = Enumerable.Range(first, length).ToArray();
        var positions = Ops.Embedding(_learnedPositions?.Weight ?? _sinusoids!, positionIds, [length]); // [length, d]
        return _dropout.Forward(embedding.Forward(ids, rows, length).Scale(_embeddingScale).Add(positions));
    }

    /// <summary>[B, S] with 1 for real positions (the first Lengths[b] of each row); null when no row is padded.</summary>
    private static Tensor? SourceMask(SourceBatch source)
    {
        if (source.Lengths.All(l => l == source.MaxLength)) return null;
        var mask = Tensor.Zeros(source.Batch, source.MaxLength);
        for (int b = 0; b < source.Batch; b++) mask.Span.Slice(b * source.MaxLength, source.Lengths[b]).Fill(1f);
        return mask;
    }

    /// <summary>The encoder stack and every decoder layer's cross-attention keys and values.</summary>
    /// <param name="source">padded source ids, each sentence ending in EOS</param>
    /// <param name="weights">receives each layer's self-attention weights [B, h, S, S] when not null</param>
    private (Tensor[] Keys, Tensor[] Values, Tensor? Mask) EncodeCore(SourceBatch source, List<Tensor>? weights = null)
    {
        using var _ = PhaseProfiler.Measure("encoder");
        CheckLength(source.MaxLength, "source");
        var mask = SourceMask(source);
        var x = Embed(_sourceEmbedding, source.Ids, source.Batch, source.MaxLength, 0);    // [B, S, d]
        foreach (var layer in _encoderLayers)
        {
            (x, var w) = layer.Forward(x, mask);
            weights?.Add(w);
        }
        if (_encoderNorm is not null) x = _encoderNorm.Forward(x);
        var keys = _decoderLayers.Select(l => l.CrossAttention.KeyProj.Forward(x)).ToArray();     // [B, S, d] each
        var values = _decoderLayers.Select(l => l.CrossAttention.ValueProj.Forward(x)).ToArray();
        return (keys, values, mask);
    }

    /// <summary>The decoder stack over whole prefixes: target ids [rows, length] (BOS first).</summary>
    /// <param name="encoded">the encoder's output for the same rows</param>
    /// <param name="ids">target ids, row-major [rows, length]</param>
    /// <param name="rows">the number of prefixes</param>
    /// <param name="length">T, every prefix's length</param>
    /// <param name="selfWeights">receives each layer's self-attention weights [rows, h, T, T] when not null</param>
    /// <param name="crossWeights">receives each layer's cross-attention weights [rows, h, T, S] when not null</param>
    /// <returns>the top layer's output [rows, length, d_model] and the last layer's cross-attention weights [rows, h, T, S]</returns>
    private (Tensor Hidden, Tensor CrossWeights) DecodeCore(TransformerEncoded encoded, ReadOnlySpan<int> ids, int rows, int length,
        List<Tensor>? selfWeights = null, List<Tensor>? crossWeights = null)
    {
        using var _ = PhaseProfiler.Measure("decoder");
        CheckLength(length, "target");
        var y = Embed(_targetEmbedding, ids, rows, length, 0);                                  // [rows, T, d]
        Tensor cross = null!;
        for (int l = 0; l < _decoderLayers.Length; l++)
        {
            var layer = _decoderLayers[l];
            var memory = layer.CrossAttention.MemoryFromProjections(encoded.Keys[l], encoded.Values[l], encoded.Mask);
            (y, var self, cross) = layer.Forward(y, memory);
            selfWeights?.Add(self);
            crossWeights?.Add(cross);
        }
        if (_decoderNorm is not null) y = _decoderNorm.Forward(y);
        return (y, cross);
    }

    private Tensor Logits(Tensor features, GemmPackedB? packedWeight)
    {
        using var _ = PhaseProfiler.Measure("output layer");
        return packedWeight is null || GradMode.IsEnabled
            ? Ops.Linear(features, _output.Weight, _output.Bias)
            : Ops.Linear(features, packedWeight, _output.Bias);
    }

    // ---- training ----

    /// <summary>
    /// Teacher-forced training loss: mean (label-smoothed) cross-entropy of the target ids (row-major [B, T], each
    /// BOS … EOS then padding) predicted from their prefixes, over the non-padding gold tokens. Source ids end with
    /// EOS (no BOS), padded with <see cref="Seq2SeqModel.PadId"/>.
    /// </summary>
    /// <remarks>The decoder runs over the columns up to the last one any row scores (trailing all-padding columns are
    /// dropped), and the output layer — the largest GEMM — only over the rows that are scored.</remarks>
    /// <returns>the loss tensor (shape []) and the number of target tokens it averages over</returns>
    /// <exception cref="HeedInputException">a source or target is longer than <c>model.max_positions</c>.</exception>
    public override (Tensor Loss, int Tokens) Loss(SourceBatch source, int[] target, int targetLength, float labelSmoothing)
    {
        int b = source.Batch;
        if (target.Length != b * targetLength)
            throw new ArgumentException($"Loss: {target.Length} target ids for batch {b} × length {targetLength}.");
        int steps = 0; // decoder positions needed: up to the last scored gold token of any row
        for (int i = 0; i < b; i++)
            for (int t = targetLength - 1; t >= 1; t--)
                if (target[i * targetLength + t] != PadId) { steps = Math.Max(steps, t); break; }
        if (steps == 0)
            throw new ArgumentException($"Loss: the batch of {b} has no target token to score (every target is padding).");

        var inputs = new int[b * steps];
        var scored = new List<int>(); // rows of the [B·steps] decoder output whose gold token is not padding
        var gold = new List<int>();
        for (int i = 0; i < b; i++)
            for (int t = 0; t < steps; t++)
            {
                inputs[i * steps + t] = target[i * targetLength + t];
                int next = target[i * targetLength + t + 1];
                if (next == PadId) continue;
                scored.Add(i * steps + t);
                gold.Add(next);
            }

        var (keys, values, mask) = EncodeCore(source);
        var encoded = new TransformerEncoded(keys, values, mask, source.Lengths, 0, null, null);
        var (hidden, _) = DecodeCore(encoded, inputs, b, steps);                                  // [B, steps, d]
        using var _ = PhaseProfiler.Measure("output+loss");
        var features = hidden.Reshape(b * steps, Config.ModelDim).SelectBatch([.. scored]);       // [N, d]
        var logits = Ops.Linear(features, _output.Weight, _output.Bias);                         // [N, V]
        return (logits.CrossEntropy(gold.ToArray(), ignoreIndex: PadId, labelSmoothing: labelSmoothing), gold.Count);
    }

    // ---- IStepDecoder ----

    /// <summary>Runs the encoder and projects every decoder layer's cross-attention keys and values once.</summary>
    /// <remarks>Under no-grad (as search runs) the encoding also carries packed snapshots of the output weight and of the
    /// decoder layers' weights for its steps (<see cref="PackedDecoderLayer"/>), so it must not outlive a change of the
    /// weights; <paramref name="work"/>'s expected steps size the self-attention caches.</remarks>
    /// <exception cref="HeedInputException">a source is longer than <c>model.max_positions</c>.</exception>
    public override IEncodedSource Encode(SourceBatch source, SearchWork? work = null)
    {
        var (keys, values, mask) = EncodeCore(source);
        GemmPackedB? packed = null;
        PackedDecoderLayer[]? layers = null;
        if (!GradMode.IsEnabled)
        {
            using (PhaseProfiler.Measure("output layer")) packed = Ops.PackLinearWeight(_output.Weight);
            using (PhaseProfiler.Measure("decoder: packing")) layers = PackLayers();
        }
        return new TransformerEncoded(keys, values, mask, (int[])source.Lengths.Clone(), work?.Steps ?? 0, packed, layers);
    }

    private PackedDecoderLayer[] PackLayers() => _decoderLayers.Select(l => new PackedDecoderLayer(l)).ToArray();

    /// <summary>The state before the first token: no positions yet, and empty caches unless <see cref="UseCache"/> is off.</summary>
    public override IDecoderState Start(IEncodedSource encoded)
    {
        var source = (TransformerEncoded)encoded;
        int rows = source.Rows;
        // Room for the expected steps (+1: search may stop one step later), else a start that doubles as it fills.
        int capacity = source.ExpectedSteps > 0 ? source.ExpectedSteps + 1 : 16;
        var caches = UseCache
            ? _decoderLayers.Select(_ => KeyValueCache.Empty(rows, Config.ModelDim, capacity)).ToArray()
            : null;
        return new TransformerDecoderState([], rows, caches);
    }

    /// <summary>
    /// Feeds one token per row at the next position: with the caches, only that position runs through the decoder
    /// (its keys and values appended to each layer's cache); otherwise the decoder re-runs over the whole prefix.
    /// </summary>
    /// <returns>logits [rows, V], the last decoder layer's cross-attention weights averaged over heads [rows, S], and
    /// the state after the step</returns>
    /// <exception cref="HeedInputException">the step's position reaches <c>model.max_positions</c> (search stops at
    /// <see cref="MaxOutputLength"/>).</exception>
    public override StepResult Step(IEncodedSource encoded, IDecoderState state, int[] previousTokens)
    {
        var source = (TransformerEncoded)encoded;
        var previous = (TransformerDecoderState)state;
        int rows = previousTokens.Length, length = previous.Length + 1;
        if (rows != previous.Rows || rows != source.Rows)
            throw new ArgumentException($"Step: {rows} tokens for a state of {previous.Rows} rows and an encoding of {source.Rows}.");
        var tokens = previous.TokensWith(previousTokens);
        if (previous.Caches is null || !UseCache || GradMode.IsEnabled) return StepByRecomputing(source, tokens, rows, length);

        CheckLength(length, "target");
        int position = length - 1;
        Tensor y;
        using (PhaseProfiler.Measure("decoder"))
            y = Embed(_targetEmbedding, previousTokens, rows, 1, position).Reshape(rows, Config.ModelDim); // [rows, d]
        var weights = Tensor.Empty(rows, source.SourceLength);
        var caches = new KeyValueCache[_decoderLayers.Length];
        using (PhaseProfiler.Measure("decoder"))
        {
            var packed = source.Layers ?? PackLayers(); // an encoding made with gradients on has none
            for (int l = 0; l < _decoderLayers.Length; l++)
                (y, caches[l]) = _decoderLayers[l].Step(y, packed[l], previous.Caches[l], source.Keys[l], source.Values[l], source.Lengths,
                    l == _decoderLayers.Length - 1 ? weights : null);
            if (_decoderNorm is not null) y = _decoderNorm.Forward(y);
        }
        return new StepResult(Logits(y, source.OutputWeight), weights, new TransformerDecoderState(tokens, rows, caches));
    }

    /// <summary>The step as the decoder over the whole prefix [rows, length], keeping its last position.</summary>
    private StepResult StepByRecomputing(TransformerEncoded source, int[] tokens, int rows, int length)
    {
        var (hidden, cross) = DecodeCore(source, tokens, rows, length);                          // [rows, T, d], [rows, h, T, S]
        var last = hidden.Slice(1, length - 1, 1).Reshape(rows, Config.ModelDim);
        return new StepResult(Logits(last, source.OutputWeight), MeanOverHeads(cross, length - 1), new TransformerDecoderState(tokens, rows, null));
    }

    /// <summary>Query <paramref name="query"/>'s weights averaged over heads: [rows, h, Tq, S] → [rows, S] (no gradient).</summary>
    private static Tensor MeanOverHeads(Tensor weights, int query)
    {
        int rows = weights.Dim(0), heads = weights.Dim(1), tq = weights.Dim(2), s = weights.Dim(3);
        var mean = Tensor.Zeros(rows, s);
        var w = weights.Span; var m = mean.Span;
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < heads; j++)
            {
                var row = m.Slice(r * s, s);
                TensorPrimitives.MultiplyAdd(w.Slice(((r * heads + j) * tq + query) * s, s), 1f / heads, row, row);
            }
        return mean;
    }

    // ---- pictures ----

    /// <summary>
    /// Every layer's and head's attention weights for one pair, teacher-forced on the given output (dropout off).
    /// </summary>
    /// <param name="sourceIds">the source ids (ending with EOS)</param>
    /// <param name="targetIdsWithBos">the decoder's input: BOS then the output tokens</param>
    /// <exception cref="HeedInputException">either is longer than <c>model.max_positions</c>.</exception>
    public override TransformerAttentionMaps LayeredAttention(int[] sourceIds, int[] targetIdsWithBos) => AttentionMaps(sourceIds, targetIdsWithBos);

    /// <inheritdoc cref="LayeredAttention"/>
    public TransformerAttentionMaps AttentionMaps(int[] sourceIds, int[] targetIdsWithBos)
    {
        bool training = Training;
        Eval();
        try
        {
            using var noGrad = GradMode.NoGrad();
            using var scope = TensorScope.Begin();
            var source = SourceBatch.FromSequences([sourceIds], PadId);
            var encoderSelf = new List<Tensor>();
            var (keys, values, mask) = EncodeCore(source, encoderSelf);
            var decoderSelf = new List<Tensor>();
            var cross = new List<Tensor>();
            DecodeCore(new TransformerEncoded(keys, values, mask, source.Lengths, 0, null, null), targetIdsWithBos, 1, targetIdsWithBos.Length, decoderSelf, cross);
            return new TransformerAttentionMaps(Nest(cross), Nest(encoderSelf), Nest(decoderSelf));
        }
        finally
        {
            Train(training);
        }
    }

    /// <summary>[1, h, Tq, Tk] per layer → [layer][head][q][k].</summary>
    private static float[][][][] Nest(List<Tensor> layers) => layers.Select(w =>
    {
        int heads = w.Dim(1), tq = w.Dim(2), tk = w.Dim(3);
        var flat = w.ToArray();
        return Enumerable.Range(0, heads).Select(j =>
            Enumerable.Range(0, tq).Select(q => flat.AsSpan((j * tq + q) * tk, tk).ToArray()).ToArray()).ToArray();
    }).ToArray();
}
