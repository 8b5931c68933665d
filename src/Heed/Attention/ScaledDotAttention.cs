using Heed.Tensors;

namespace Heed.Attention;

/// <summary>Scaled dot-product score: score(s, h) = sᵀh / √d. No parameters; queries and keys must have one size.</summary>
/// <remarks>
/// Vaswani et al. 2017, "Attention Is All You Need", Eq. (1): Attention(Q, K, V) = softmax(QKᵀ/√d_k) V.
/// The scale keeps the scores' variance near 1 for unit-variance inputs, so the softmax does not saturate as d grows.
/// Cost per query: Tk·d multiply-adds.
/// </remarks>
public sealed class ScaledDotAttention : Attention
{
    private readonly float _scale;

    /// <param name="dim">d = dq = dk</param>
    public ScaledDotAttention(int dim) : base(dim, dim) => _scale = 1f / MathF.Sqrt(dim);

    /// <inheritdoc/>
    protected internal override Tensor ProjectKeys(Tensor keys) => keys;

    /// <inheritdoc/>
    protected internal override Tensor Score(Tensor queries, ProjectedKeys keys) =>
        queries.MatMul(keys.Projected, transB: true).Scale(_scale);
}
