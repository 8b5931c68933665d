namespace Heed.Tensors.Nn;

/// <summary>y = x·Wᵀ + b, with W [out, in] as PyTorch stores it, initialised from U(−1/√in, 1/√in).</summary>
public sealed class Linear : Module
{
    public Tensor Weight { get; }
    public Tensor? Bias { get; }
    public int InFeatures { get; }
    public int OutFeatures { get; }

    public Linear(int inFeatures, int outFeatures, Random random, bool bias = true)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        float bound = 1f / MathF.Sqrt(inFeatures);
        Weight = RegisterParameter("weight", Init.Uniform(random, bound, outFeatures, inFeatures));
        if (bias) Bias = RegisterParameter("bias", Init.Uniform(random, bound, outFeatures));
    }

    /// <param name="x">[..., in]</param>
    /// <returns>[..., out]</returns>
    public Tensor Forward(Tensor x) => Ops.Linear(x, Weight, Bias);
}
