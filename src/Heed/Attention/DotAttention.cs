using Heed.Tensors;

namespace Heed.Attention;

/// <summary>Dot-product score: score(s, h) = sᵀh. No parameters; queries and keys must have one size.</summary>
/// <remarks>
/// Luong, Pham and Manning 2015, "Effective Approaches to Attention-based Neural Machine Translation",
/// Eq. (8), the "dot" case. Cost per query: Tk·d multiply-adds.
/// </remarks>
public sealed class DotAttention : Attention
{
    /// <param name="dim">d = dq = dk</param>
    public DotAttention(int dim) : base(dim, dim) { }

    /// <inheritdoc/>
    protected internal override Tensor ProjectKeys(Tensor keys) => keys;

    /// <inheritdoc/>
    protected internal override Tensor Score(Tensor queries, ProjectedKeys keys) => queries.MatMul(keys.Projected, transB: true);
}
