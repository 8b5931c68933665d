using Heed.Tensors;
using Heed.Tensors.Nn;

namespace Heed.Attention;

/// <summary>
/// Additive (Bahdanau, "concat") score: score(s, h) = v_aᵀ tanh(W_a s + U_a h), with W_a [n, dq]
/// (<c>query_proj.weight</c>), U_a [n, dk] and its bias (<c>key_proj.weight</c>, <c>key_proj.bias</c>) and v_a [n] (<c>v</c>).
/// </summary>
/// <remarks>
/// Bahdanau, Cho and Bengio 2015, "Neural Machine Translation by Jointly Learning to Align and Translate",
/// Appendix A.1.2: e_ij = v_aᵀ tanh(W_a s_{i−1} + U_a h_j); Luong et al. 2015, Eq. (8), "concat".
/// U_a h_j does not depend on the decoder step, so <see cref="Attention.PrepareKeys"/> computes it once per batch;
/// a step costs n·dq for W_a s plus Tk·n tanh and multiply-adds per query (the fused <see cref="AttentionOps.AdditiveScores"/>).
/// </remarks>
public sealed class AdditiveAttention : Attention
{
    /// <summary>W_a (no bias: U_a's bias already shifts the sum).</summary>
    public Linear QueryProj { get; }

    /// <summary>U_a (dk → n, with a bias), applied to the keys once per batch by <see cref="Attention.ProjectKeys"/>.</summary>
    public Linear KeyProj { get; }

    /// <summary>v_a [n], which turns tanh(W_a q + U_a k) into one score per key.</summary>
    public Tensor V { get; }

    /// <summary>n, the size of the hidden layer of the score.</summary>
    public int HiddenDim { get; }

    /// <param name="queryDim">dq</param>
    /// <param name="keyDim">dk</param>
    /// <param name="hiddenDim">n (Bahdanau used 1000)</param>
    /// <param name="random">seeded initialiser</param>
    public AdditiveAttention(int queryDim, int keyDim, int hiddenDim, Random random) : base(queryDim, keyDim)
    {
        if (hiddenDim <= 0) throw new ArgumentOutOfRangeException(nameof(hiddenDim), $"AdditiveAttention: hidden size {hiddenDim} must be positive.");
        HiddenDim = hiddenDim;
        QueryProj = RegisterModule("query_proj", new Linear(queryDim, hiddenDim, random, bias: false));
        KeyProj = RegisterModule("key_proj", new Linear(keyDim, hiddenDim, random));
        V = RegisterParameter("v", Init.Uniform(random, 1f / MathF.Sqrt(hiddenDim), hiddenDim));
    }

    /// <inheritdoc/>
    protected internal override Tensor ProjectKeys(Tensor keys) => KeyProj.Forward(keys);

    /// <inheritdoc/>
    protected internal override Tensor Score(Tensor queries, ProjectedKeys keys) =>
        AttentionOps.AdditiveScores(QueryProj.Forward(queries), keys.Projected, V);
}
