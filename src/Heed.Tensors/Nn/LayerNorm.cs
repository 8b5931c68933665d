namespace Heed.Tensors.Nn;

/// <summary>Layer normalisation over the last dimension with learned gain (ones) and bias (zeros).</summary>
public sealed class LayerNorm : Module
{
    public Tensor Gamma { get; }
    public Tensor Beta { get; }
    public float Eps { get; }

    public LayerNorm(int dim, float eps = 1e-5f)
    {
        Eps = eps;
        Gamma = RegisterParameter("weight", Init.Constant(1f, dim));
        Beta = RegisterParameter("bias", Init.Constant(0f, dim));
    }

    public Tensor Forward(Tensor x) => x.LayerNorm(Gamma, Beta, Eps);
}
