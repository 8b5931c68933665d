using Heed.Tensors;
using Heed.Tensors.Nn;

namespace Heed.Attention;

/// <summary>General (bilinear) score: score(s, h) = sᵀ W_a h, with W_a [dq, dk] (parameter <c>proj.weight</c>).</summary>
/// <remarks>
/// Luong, Pham and Manning 2015, Eq. (8), the "general" case. W_a h_i depends on the keys only, so
/// <see cref="Attention.PrepareKeys"/> computes it once per batch and a step costs Tk·dq multiply-adds per query.
/// </remarks>
public sealed class GeneralAttention : Attention
{
    /// <summary>Holds W_a as its weight [dq, dk] (no bias).</summary>
    public Linear Proj { get; }

    /// <summary>Creates the score for queries of size <paramref name="queryDim"/> and keys of size <paramref name="keyDim"/>.</summary>
    public GeneralAttention(int queryDim, int keyDim, Random random) : base(queryDim, keyDim) =>
        Proj = RegisterModule("proj", new Linear(keyDim, queryDim, random, bias: false));

    /// <inheritdoc/>
    protected internal override Tensor ProjectKeys(Tensor keys) => Proj.Forward(keys);

    /// <inheritdoc/>
    protected internal override Tensor Score(Tensor queries, ProjectedKeys keys) => queries.MatMul(keys.Projected, transB: true);
}
