namespace Heed.Tensors.Nn;

/// <summary>Layer normalisation over the last dimension with learned gain (ones) and bias (zeros).</summary>
public sealed class LayerNorm : Module
{
    /// <summary>Learned gain, [dim], initialised to ones and registered as <c>weight</c>.</summary>
    public Tensor Gamma { get; }
    /// <summary>Learned bias, [dim], initialised to zeros and registered as <c>bias</c>.</summary>
    public Tensor Beta { get; }
    /// <summary>Added to the variance before the square root, so a constant row does not divide by zero.</summary>
    public float Eps { get; }

    /// <param name="dim">size of the last dimension being normalised</param>
    /// <param name="eps">see <see cref="Eps"/></param>
    public LayerNorm(int dim, float eps = 1e-5f)
    {
        Eps = eps;
        Gamma = RegisterParameter("weight", Init.Constant(1f, dim));
        Beta = RegisterParameter("bias", Init.Constant(0f, dim));
    }

    /// <summary>Normalises each row of the last dimension to zero mean and unit variance, then applies <see cref="Gamma"/> and <see cref="Beta"/>.</summary>
    /// <param name="x">[..., dim]</param>
    /// <returns>the same shape as <paramref name="x"/></returns>
    public Tensor Forward(Tensor x) => x.LayerNorm(Gamma, Beta, Eps);
}
