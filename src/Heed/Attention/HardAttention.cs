using Heed.Tensors;
using Heed.Tensors.Autodiff;

namespace Heed.Attention;

/// <summary>
/// Hard attention around any attention (global or local): the weights are one-hot on a single key, so the context is
/// that key's value. Outside training the key is the argmax of the inner soft weights or a sample from them
/// (<see cref="Mode"/>), with no gradient to the choice (queries, keys and score parameters receive none; the values
/// still do, through the copy). With <see cref="TrainsStraightThrough"/>, training (the module in training mode with
/// gradients on) draws the key and trains the score with the straight-through Gumbel-softmax estimator.
/// </summary>
/// <remarks>
/// <para>Xu et al. 2015, "Show, Attend and Tell", §4.1: stochastic hard attention, s_t ~ Multinoulli(α), ẑ_t = Σ_i s_{t,i} a_i.</para>
/// <para>The estimator (Jang, Gu and Poole 2017; Maddison et al. 2017): with Gumbel noise g_i = −log(−log u_i),
/// the key argmax_i (log α_i + g_i) is an exact sample from α (the Gumbel-max trick), and the backward pass treats the
/// one-hot weights as if they were y = softmax(log α + g) (temperature 1), so the score learns from the loss's gradient
/// through y. It is chosen over Xu et al.'s REINFORCE (moving-average baseline, entropy bonus) because (1) it lives
/// inside this module's weighting: the packed training unroll and the step-wise teacher forcing stay one function, with
/// no per-sentence reward to thread through the loss; (2) REINFORCE's one-sample reward for ~20 choices a sentence has
/// high variance, and under the shoot-out's short budget the table would measure the estimator's noise more than the
/// mechanism; (3) it keeps no state outside the weights (a moving baseline would be state the checkpoint does not
/// carry, breaking bit-identical resumption). Its price is bias: y is not the one-hot the forward pass used.</para>
/// <para>The noise of a query row is drawn from a counter-based stream keyed by the module's seed, the row's position
/// and the bits of the row's query: a pure function of what the step computes, so a resumed training draws what an
/// uninterrupted one would and data-parallel replicas do not depend on thread timing, with no generator state to save.
/// (The packed and step-wise unrolls compute a row's query with different GEMM shapes, so their last bits, and hence
/// their samples, differ: they are compared in evaluation mode, where the key is the argmax.) Two bit-identical queries
/// at one position draw the same key (the query carries the model's weights and the sentence, so in practice only a
/// duplicated sentence does).</para>
/// <para>A query with every key masked gets zero weights and a zero context. <see cref="HardAttentionMode.Sample"/>
/// draws from one generator under a lock, so results repeat for a given seed and call order. Cost per query: the
/// inner's plus Tk (training: plus a log and a softmax over Tk).</para>
/// </remarks>
public sealed class HardAttention : Attention
{
    private readonly Random _random;
    private readonly object _randomLock = new();
    private readonly int _seed;

    /// <summary>The attention whose soft weights are hardened; a sub-module named <c>inner</c>.</summary>
    public Attention Inner { get; }

    /// <summary>How the key is picked outside training (always, unless <see cref="TrainsStraightThrough"/>).</summary>
    public HardAttentionMode Mode { get; }

    /// <summary>Whether training samples the key and passes a straight-through Gumbel-softmax gradient to the score
    /// (a translation model's hard attention); otherwise the choice never has a gradient.</summary>
    public bool TrainsStraightThrough { get; }

    /// <param name="inner">any attention</param>
    /// <param name="mode">argmax or sampling, outside training</param>
    /// <param name="seed">seed of the sampling generator and of the training noise</param>
    /// <param name="trainsStraightThrough">see <see cref="TrainsStraightThrough"/></param>
    public HardAttention(Attention inner, HardAttentionMode mode, int seed = 0, bool trainsStraightThrough = false)
        : base(inner.QueryDim, inner.KeyDim)
    {
        Inner = RegisterModule("inner", inner);
        Mode = mode;
        TrainsStraightThrough = trainsStraightThrough;
        _seed = seed;
        _random = new Random(seed);
    }

    /// <inheritdoc/>
    protected internal override Tensor ProjectKeys(Tensor keys) => Inner.ProjectKeys(keys);

    /// <inheritdoc/>
    protected internal override Tensor Score(Tensor queries, ProjectedKeys keys) => Inner.Score(queries, keys);

    /// <inheritdoc/>
    protected internal override Tensor Weigh(Tensor scores, Tensor? keep, Tensor queries, ProjectedKeys keys, int firstQueryPosition)
    {
        if (TrainsStraightThrough && Training && GradMode.IsEnabled)
            return StraightThroughSample(Inner.Weigh(scores, keep, queries, keys, firstQueryPosition), queries, firstQueryPosition);
        float[] soft;
        using (GradMode.NoGrad()) soft = Inner.Weigh(scores, keep, queries, keys, firstQueryPosition).ToArray();
        int tk = keys.Length, rows = tk == 0 ? 0 : soft.Length / tk;
        var hard = Tensor.Zeros(scores.Shape.ToArray());
        var h = hard.Span;
        for (int r = 0; r < rows; r++)
        {
            int pick = Pick(soft.AsSpan(r * tk, tk));
            if (pick >= 0) h[r * tk + pick] = 1f;
        }
        return hard;
    }

    /// <summary>Below this a weight's log would be −∞ (and its gradient NaN); masked weights are exactly 0 and are
    /// kept out of the softmax by its mask, so the shift only guards them.</summary>
    private const float LogFloor = 1e-30f;

    /// <summary>One-hot on argmax_i(log α_i + g_i) forward, the gradient of softmax(log α + g) backward.</summary>
    private Tensor StraightThroughSample(Tensor soft, Tensor queries, int firstQueryPosition)
    {
        int tk = soft.Dim(-1), rows = tk == 0 ? 0 : soft.Length / tk, tq = queries.Dim(1), dq = queries.Dim(2);
        var w = soft.Span;
        var noise = new float[soft.Length];
        var support = new float[soft.Length];
        var hard = Tensor.Zeros(soft.Shape.ToArray());
        var h = hard.Span;
        for (int r = 0; r < rows; r++)
        {
            var row = w.Slice(r * tk, tk);
            GumbelNoise(queries.Span.Slice(r * dq, dq), firstQueryPosition + r % tq, noise.AsSpan(r * tk, tk));
            int best = -1;
            float bestValue = float.NegativeInfinity;
            for (int i = 0; i < tk; i++)
            {
                if (row[i] <= 0) { noise[r * tk + i] = 0; continue; }
                support[r * tk + i] = 1f;
                float z = MathF.Log(row[i]) + noise[r * tk + i];
                if (z > bestValue) { bestValue = z; best = i; }
            }
            if (best >= 0) h[r * tk + best] = 1f;
        }
        var shape = soft.Shape.ToArray();
        var relaxed = soft.AddScalar(LogFloor).Log().Add(Tensor.FromArray(noise, shape)).Softmax(Tensor.FromArray(support, shape));
        return AttentionOps.StraightThrough(hard, relaxed);
    }

    /// <summary>
    /// Standard Gumbel noise g_i = −log(−log u_i), u_i uniform in (0, 1), for the keys of one query row: a pure
    /// function of the module's seed, the query's position and its bits (see the remarks).
    /// </summary>
    internal void GumbelNoise(ReadOnlySpan<float> query, int position, Span<float> noise)
    {
        ulong key = StreamKey.Of(_seed, position);
        foreach (float x in query) key = StreamKey.Mix(key ^ BitConverter.SingleToUInt32Bits(x));
        for (int i = 0; i < noise.Length; i++)
        {
            ulong bits = StreamKey.Mix(key + (ulong)(i + 1) * 0x9E3779B97F4A7C15UL);
            double u = ((bits >> 11) + 0.5) / (1UL << 53); // in (0, 1): neither log below is infinite
            noise[i] = (float)-Math.Log(-Math.Log(u));
        }
    }

    /// <summary>The chosen index, or −1 when the row has no weight (every key masked).</summary>
    private int Pick(ReadOnlySpan<float> weights)
    {
        int best = -1;
        float total = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            total += weights[i];
            if (weights[i] > 0 && (best < 0 || weights[i] > weights[best])) best = i;
        }
        if (best < 0 || Mode == HardAttentionMode.Argmax) return best;
        float u;
        lock (_randomLock) u = _random.NextSingle() * total;
        int last = best;
        for (int i = 0; i < weights.Length; i++)
        {
            if (weights[i] <= 0) continue;
            last = i;
            u -= weights[i];
            if (u < 0) return i;
        }
        return last; // rounding left u ≥ 0 after the last positive weight
    }
}
