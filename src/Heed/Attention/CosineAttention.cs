using Heed.Tensors;

namespace Heed.Attention;

/// <summary>Content-based score: score(s, h) = cos(s, h) = sᵀh / (‖s‖ ‖h‖). No parameters; dq must equal dk.</summary>
/// <remarks>
/// Graves, Wayne and Danihelka 2014, "Neural Turing Machines", Eqs. (5)–(6) (content addressing with key strength
/// β = 1). A zero vector has cosine 0 with everything (its norm is taken as √(‖x‖² + ε)), so padding never makes NaN.
/// The keys are normalised once per batch; a step costs Tk·d multiply-adds per query plus normalising the query.
/// </remarks>
public sealed class CosineAttention : Attention
{
    /// <param name="dim">d = dq = dk</param>
    public CosineAttention(int dim) : base(dim, dim) { }

    /// <inheritdoc/>
    protected internal override Tensor ProjectKeys(Tensor keys) => keys.L2Normalize();

    /// <inheritdoc/>
    protected internal override Tensor Score(Tensor queries, ProjectedKeys keys) =>
        queries.L2Normalize().MatMul(keys.Projected, transB: true);
}
