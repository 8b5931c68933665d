using Heed.Attention;
using Heed.Tensors;
using Heed.Tensors.Nn;

namespace Heed.Pointer;

/// <summary>
/// A pointer network (Vinyals, Fortunato and Jaitly 2015): an LSTM encoder over the input elements (through a linear
/// embedding), an LSTM decoder started from the encoder's final state, and at each output step the softmax of
/// additive attention scores over the input positions as the output distribution:
/// u_j = vᵀ tanh(W1 e_j + W2 d_i), p(C_i | C_&lt;i, P) = softmax(u) (the paper's Eq. 3).
/// </summary>
/// <remarks>
/// Position 0 of the encoded sequence is a learned end element (<c>end</c>) placed before the inputs: pointing at it
/// ends the output, so outputs of any length (a hull's vertices) need no separate stop. Input element i is position
/// i + 1. The decoder's input at step i is the embedding of the element chosen at step i − 1 (a learned <c>go</c>
/// vector at the first step). With <see cref="PointerNetworkConfig.MaskChosen"/> a position once chosen scores −∞
/// from then on, in the training loss as in decoding. Under teacher forcing the decoder's inputs are known in
/// advance, so training runs the decoder LSTM over the whole target at once and scores every step in one fused call
/// (<see cref="AttentionOps.AdditiveScores"/>): one encoder pass, one decoder pass, one score op, one cross-entropy.
/// With <see cref="PointerNetworkConfig.Bidirectional"/> the encoder runs both ways with Hidden / 2 units each; its
/// outputs and final states are the two halves side by side, so W1 and the decoder keep their sizes.
/// With <see cref="PointerNetworkConfig.Glimpse"/> the pointer's query is a glimpse: the decoder state first attends
/// over the encoder outputs (its own additive score, chosen positions masked) and W2 is applied to that weighted sum.
/// Parameters: <c>embedding.*</c>, <c>encoder.*</c>, <c>decoder.*</c>, <c>w1.*</c>, <c>w2.weight</c>, <c>v</c>,
/// <c>go</c>, <c>end</c>, and with a glimpse <c>glimpse_w1.*</c>, <c>glimpse_w2.weight</c>, <c>glimpse_v</c>.
/// </remarks>
public sealed class PointerNetwork : Module
{
    /// <summary>The score given to a masked position: far below any real score, so its softmax weight is exactly 0.</summary>
    internal const float MaskedScore = -1e9f;

    /// <summary>The input, embedding, hidden and attention sizes the network was built with.</summary>
    public PointerNetworkConfig Config { get; }

    /// <summary>The input embedding (InputSize → Embedding).</summary>
    public Linear InputEmbedding { get; }

    /// <summary>The encoder LSTM (one layer, Embedding → Hidden), read once over all input elements.</summary>
    public Lstm Encoder { get; }

    /// <summary>The decoder LSTM (run a step at a time when decoding).</summary>
    public Lstm Decoder { get; }

    /// <summary>W1, applied to every encoder output once per input (with a bias).</summary>
    public Linear W1 { get; }

    /// <summary>W2, applied to the decoder state at every step.</summary>
    public Linear W2 { get; }

    /// <summary>v, the pointer score's output vector [AttentionSize]: score_j = v · tanh(W1 e_j + W2 d_t).</summary>
    public Tensor V { get; }

    /// <summary>The decoder's first input [Embedding].</summary>
    public Tensor Go { get; }

    /// <summary>The end element's embedding [Embedding], encoded at position 0.</summary>
    public Tensor End { get; }

    /// <summary>G1 of the glimpse, applied to every encoder output once per input (null without a glimpse).</summary>
    public Linear? GlimpseKeys { get; }

    /// <summary>G2 of the glimpse, applied to the decoder state (null without a glimpse).</summary>
    public Linear? GlimpseQuery { get; }

    /// <summary>The glimpse's v [AttentionSize] (null without a glimpse).</summary>
    public Tensor? GlimpseV { get; }

    /// <param name="config">sizes (validated)</param>
    /// <param name="seed">initialisation seed</param>
    /// <exception cref="HeedInputException">a size is out of range.</exception>
    public PointerNetwork(PointerNetworkConfig config, int seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        var random = new Random(seed);
        InputEmbedding = RegisterModule("embedding", new Linear(config.InputSize, config.Embedding, random));
        Encoder = RegisterModule("encoder", config.Bidirectional
            ? new Lstm(config.Embedding, config.Hidden / 2, random, bidirectional: true)
            : new Lstm(config.Embedding, config.Hidden, random));
        Decoder = RegisterModule("decoder", new Lstm(config.Embedding, config.Hidden, random));
        W1 = RegisterModule("w1", new Linear(config.Hidden, config.AttentionSize, random));
        W2 = RegisterModule("w2", new Linear(config.Hidden, config.AttentionSize, random, bias: false));
        float bound = 1f / MathF.Sqrt(config.AttentionSize);
        V = RegisterParameter("v", Init.Uniform(random, bound, config.AttentionSize));
        Go = RegisterParameter("go", Init.Uniform(random, 1f, config.Embedding));
        End = RegisterParameter("end", Init.Uniform(random, 1f, config.Embedding));
        if (config.Glimpse)
        {
            GlimpseKeys = RegisterModule("glimpse_w1", new Linear(config.Hidden, config.AttentionSize, random));
            GlimpseQuery = RegisterModule("glimpse_w2", new Linear(config.Hidden, config.AttentionSize, random, bias: false));
            GlimpseV = RegisterParameter("glimpse_v", Init.Uniform(random, bound, config.AttentionSize));
        }
        NameParameters();
    }

    /// <summary>Encodes a batch of inputs, all of the same length n.</summary>
    /// <param name="inputs">[B, n, InputSize]</param>
    /// <exception cref="ArgumentException">the inputs are not [B, n, InputSize] with n ≥ 1.</exception>
    public PointerEncoding Encode(Tensor inputs)
    {
        if (inputs.Rank != 3 || inputs.Dim(2) != Config.InputSize || inputs.Dim(1) < 1)
            throw new ArgumentException($"PointerNetwork: inputs {inputs.Describe()} must be [B, n ≥ 1, {Config.InputSize}].");
        int batch = inputs.Dim(0);
        var end = Tensor.Zeros(batch, 1, Config.Embedding) + End;                              // [B, 1, E]
        var elements = Ops.Concat([end, InputEmbedding.Forward(inputs)], 1);                   // [B, n + 1, E]
        var (outputs, h, c) = Encoder.Forward(elements);                                       // [B, n + 1, H]
        if (Config.Bidirectional) (h, c) = (Halves(h), Halves(c));                             // [2, B, H/2] → [1, B, H]
        return GlimpseKeys is null
            ? new PointerEncoding(elements, W1.Forward(outputs), h, c)
            : new PointerEncoding(elements, W1.Forward(outputs), h, c, outputs, GlimpseKeys.Forward(outputs));
    }

    /// <summary>A bidirectional encoder's final states [2, B, H/2] (forward, reverse) side by side as one state [1, B, H].</summary>
    private static Tensor Halves(Tensor state) =>
        Ops.Concat([state.Select(0, 0), state.Select(0, 1)], 1).Reshape(1, state.Dim(1), 2 * state.Dim(2));

    /// <summary>
    /// Scores of every position at every step under teacher forcing: [B, T, n + 1], masked positions at
    /// <see cref="MaskedScore"/>.
    /// </summary>
    /// <param name="batch">inputs and target positions</param>
    public Tensor TeacherForcedScores(PointerBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var encoding = Encode(batch.Inputs);
        int b = batch.Size, steps = batch.Steps, positions = batch.Count + 1;
        var go = Tensor.Zeros(b, 1, Config.Embedding) + Go;                                    // [B, 1, E]
        var decoderInputs = steps == 1 ? go : Ops.Concat([go, encoding.Gather(batch.PreviousPositions(), steps - 1)], 1); // [B, T, E]
        var (states, _, _) = Decoder.Forward(decoderInputs, null, encoding.H, encoding.C);     // [B, T, H]
        var mask = Config.MaskChosen ? batch.ChosenMask(positions) : null;                     // [B, T, n + 1]
        var scores = AttentionOps.AdditiveScores(Query(encoding, states, mask), encoding.Keys, V); // [B, T, n + 1]
        return mask is null ? scores : scores + mask;
    }

    /// <summary>Mean cross-entropy of the target positions (end included) under teacher forcing.</summary>
    public Tensor Loss(PointerBatch batch)
    {
        var scores = TeacherForcedScores(batch);
        return scores.Reshape(batch.Size * batch.Steps, batch.Count + 1).CrossEntropy(batch.TargetPositions); // [B·T, n + 1]
    }

    /// <summary>One decoder step for rows in <paramref name="encoding"/>: the new state and the scores [rows, n + 1] (unmasked).</summary>
    /// <param name="encoding">the encoded inputs, one row per decoder row</param>
    /// <param name="input">[rows, 1, E] the decoder input</param>
    /// <param name="h">[1, rows, H]</param>
    /// <param name="c">[1, rows, H]</param>
    /// <param name="mask">[rows, 1, n + 1]: 0, or <see cref="MaskedScore"/> at chosen positions; only a glimpse reads it (may be null without one)</param>
    internal (Tensor Scores, Tensor H, Tensor C) Step(PointerEncoding encoding, Tensor input, Tensor h, Tensor c, Tensor? mask = null)
    {
        var (state, hn, cn) = Decoder.Forward(input, null, h, c);                              // [rows, 1, H]
        var scores = AttentionOps.AdditiveScores(Query(encoding, state, mask), encoding.Keys, V); // [rows, 1, n + 1]
        return (scores.Reshape(scores.Dim(0), scores.Dim(2)), hn, cn);
    }

    /// <summary>
    /// The pointer's query W2 q for decoder states [B, T, H]: q = d without a glimpse; with one, q = Σ_j a_j o_j, the
    /// encoder outputs o weighted by a = softmax(g_vᵀ tanh(G1 o_j + G2 d) + mask).
    /// </summary>
    private Tensor Query(PointerEncoding encoding, Tensor states, Tensor? mask)
    {
        if (GlimpseQuery is null || GlimpseV is null) return W2.Forward(states);
        if (encoding.Outputs is null || encoding.GlimpseKeys is null) throw new ArgumentException("PointerNetwork: the encoding has no glimpse keys; encode with this network.");
        var scores = AttentionOps.AdditiveScores(GlimpseQuery.Forward(states), encoding.GlimpseKeys, GlimpseV); // [B, T, n + 1]
        var weights = (mask is null ? scores : scores + mask).Softmax();
        return W2.Forward(weights.MatMul(encoding.Outputs));                                   // [B, T, H] → [B, T, A]
    }

    /// <summary>The decoder input for the first step: <see cref="Go"/> for every row, [rows, 1, E].</summary>
    internal Tensor FirstInput(int rows) => Tensor.Zeros(rows, 1, Config.Embedding) + Go;
}
