using Heed.Tensors;
using Heed.Tensors.Autodiff;

namespace Heed.Attention;

/// <summary>
/// Hard attention around any attention (global or local): the weights are one-hot on a single key, taken as the
/// argmax of the inner soft weights or sampled from them, so the context is that key's value. For inference and
/// analysis: the choice has no gradient (queries, keys and score parameters receive none; the values still do,
/// through the copy).
/// </summary>
/// <remarks>
/// Xu et al. 2015, "Show, Attend and Tell", §4.1 (stochastic hard attention: s_t ~ Multinoulli(α), ẑ_t = Σ s_{t,i} a_i);
/// training it needs REINFORCE, which this class does not do. A query with every key masked gets zero weights and a
/// zero context. Sampling draws from one generator under a lock, so results repeat for a given seed and call order.
/// Cost per query: the inner's plus Tk.
/// </remarks>
public sealed class HardAttention : Attention
{
    private readonly Random _random;
    private readonly object _randomLock = new();

    /// <summary>The attention whose soft weights are hardened; a sub-module named <c>inner</c>.</summary>
    public Attention Inner { get; }

    public HardAttentionMode Mode { get; }

    /// <param name="inner">any attention</param>
    /// <param name="mode">argmax or sampling</param>
    /// <param name="seed">seed of the sampling generator</param>
    public HardAttention(Attention inner, HardAttentionMode mode, int seed = 0) : base(inner.QueryDim, inner.KeyDim)
    {
        Inner = RegisterModule("inner", inner);
        Mode = mode;
        _random = new Random(seed);
    }

    /// <inheritdoc/>
    protected internal override Tensor ProjectKeys(Tensor keys) => Inner.ProjectKeys(keys);

    /// <inheritdoc/>
    protected internal override Tensor Score(Tensor queries, ProjectedKeys keys) => Inner.Score(queries, keys);

    /// <inheritdoc/>
    protected internal override Tensor Weigh(Tensor scores, Tensor? keep, Tensor queries, ProjectedKeys keys, int firstQueryPosition)
    {
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
