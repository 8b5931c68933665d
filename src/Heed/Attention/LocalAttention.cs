using Heed.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Nn;

namespace Heed.Attention;

/// <summary>
/// Local attention around any score: only keys in the window [p_t − D, p_t + D] take part (a softmax over the
/// window's unmasked keys), where p_t comes from <see cref="LocalAttentionMode"/>.
/// </summary>
/// <remarks>
/// Luong, Pham and Manning 2015, §3.2. local-m: p_t = t (the query's position, here clamped to [0, S−1] so a target
/// longer than its source still sees the last source word). local-p, Eq. (10): p_t = S·sigmoid(v_pᵀ tanh(W_p h_t)),
/// S the real source length, and Eq. (11): a_t(s) = align(h_t, h̄_s)·exp(−(s − p_t)²/(2σ²)), σ = D/2; as in the
/// paper the product is not renormalised, so its rows sum to at most 1. The window itself is not differentiable in
/// p_t, the Gaussian is. Parameters (local-p): <c>position_proj.weight</c> (W_p) and <c>position_v</c> (v_p), plus the
/// inner score's under <c>score.</c>. Cost per query: the inner score's plus, for local-p, n_p·dq for p_t.
/// </remarks>
public sealed class LocalAttention : Attention
{
    /// <summary>The score inside the window.</summary>
    public Attention Inner { get; }

    /// <summary>How the window is placed.</summary>
    public LocalAttentionMode Mode { get; }

    /// <summary>D, the window's half-width (the window holds 2D + 1 positions).</summary>
    public int HalfWidth { get; }

    /// <summary>W_p (dq → n_p), local-p's predictor of the window centre p_t = S·sigmoid(v_p · tanh(W_p h_t)); null
    /// for local-m.</summary>
    public Linear? PositionProj { get; }

    /// <summary>v_p [n_p], local-p's predictor's output vector; null for local-m.</summary>
    public Tensor? PositionV { get; }

    /// <param name="inner">any score; it becomes a sub-module named <c>score</c></param>
    /// <param name="mode">local-m or local-p</param>
    /// <param name="halfWidth">D ≥ 0 (≥ 1 for local-p, whose σ = D/2 must be positive); Luong used D = 10</param>
    /// <param name="random">initialiser for W_p and v_p</param>
    /// <param name="positionHiddenDim">n_p, the size of tanh(W_p s); defaults to dq</param>
    public LocalAttention(Attention inner, LocalAttentionMode mode, int halfWidth, Random random, int? positionHiddenDim = null)
        : base(inner.QueryDim, inner.KeyDim)
    {
        int minimum = mode == LocalAttentionMode.Predictive ? 1 : 0;
        if (halfWidth < minimum)
            throw new ArgumentOutOfRangeException(nameof(halfWidth), $"LocalAttention ({mode}): half-width D = {halfWidth} must be at least {minimum}.");
        Inner = RegisterModule("score", inner);
        Mode = mode;
        HalfWidth = halfWidth;
        if (mode == LocalAttentionMode.Predictive)
        {
            int hidden = positionHiddenDim ?? inner.QueryDim;
            if (hidden <= 0) throw new ArgumentOutOfRangeException(nameof(positionHiddenDim), $"LocalAttention: position hidden size {hidden} must be positive.");
            PositionProj = RegisterModule("position_proj", new Linear(inner.QueryDim, hidden, random, bias: false));
            PositionV = RegisterParameter("position_v", Init.Uniform(random, 1f / MathF.Sqrt(hidden), hidden));
        }
    }

    /// <summary>σ = D/2 of the local-p Gaussian.</summary>
    public float Sigma => HalfWidth / 2f;

    /// <summary>local-p's p_t = S·sigmoid(v_pᵀ tanh(W_p s_t)) for queries [B, Tq, dq] → [B, Tq].</summary>
    /// <exception cref="InvalidOperationException">the mode is local-m.</exception>
    public Tensor PredictPositions(Tensor queries, ProjectedKeys keys)
    {
        if (PositionProj is null || PositionV is null)
            throw new InvalidOperationException("LocalAttention: only local-p predicts positions.");
        int batch = queries.Dim(0), tq = queries.Dim(1), hidden = PositionV.Length;
        var lengths = Tensor.Empty(batch, tq);
        for (int b = 0; b < batch; b++) lengths.Span.Slice(b * tq, tq).Fill(keys.RealLength(b));
        return PositionProj.Forward(queries).Tanh().MatMul(PositionV.Reshape(hidden, 1)).Reshape(batch, tq).Sigmoid().Mul(lengths);
    }

    /// <inheritdoc/>
    protected internal override Tensor ProjectKeys(Tensor keys) => Inner.ProjectKeys(keys);

    /// <inheritdoc/>
    protected internal override Tensor Score(Tensor queries, ProjectedKeys keys) => Inner.Score(queries, keys);

    /// <inheritdoc/>
    protected internal override Tensor Weigh(Tensor scores, Tensor? keep, Tensor queries, ProjectedKeys keys, int firstQueryPosition)
    {
        int batch = queries.Dim(0), tq = queries.Dim(1), tk = keys.Length;
        Tensor? positions = Mode == LocalAttentionMode.Predictive ? PredictPositions(queries, keys) : null;
        var window = Tensor.Zeros(batch, tq, tk);
        var w = window.Span;
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < tq; t++)
            {
                float centre = positions is not null
                    ? positions.Span[b * tq + t]
                    : Math.Clamp(firstQueryPosition + t, 0, Math.Max(keys.RealLength(b) - 1, 0));
                int from = Math.Max(0, (int)MathF.Ceiling(centre - HalfWidth));
                int to = Math.Min(tk - 1, (int)MathF.Floor(centre + HalfWidth));
                if (from <= to) w.Slice((b * tq + t) * tk + from, to - from + 1).Fill(1f);
            }
        var weights = Inner.Weigh(scores, KeepMask.And(keep, window), queries, keys, firstQueryPosition);
        return positions is null ? weights : weights.Mul(AttentionOps.GaussianWindow(positions, tk, Sigma));
    }
}
