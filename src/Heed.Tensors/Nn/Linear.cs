namespace Heed.Tensors.Nn;

/// <summary>y = x·Wᵀ + b, with W [out, in] as PyTorch stores it, initialised from U(−1/√in, 1/√in).</summary>
public sealed class Linear : Module
{
    /// <summary>The weight W, [out, in], registered as <c>weight</c>.</summary>
    public Tensor Weight { get; }
    /// <summary>The bias b, [out], registered as <c>bias</c>; null when the layer was made without one.</summary>
    public Tensor? Bias { get; }
    /// <summary>Size of each input vector.</summary>
    public int InFeatures { get; }
    /// <summary>Size of each output vector.</summary>
    public int OutFeatures { get; }

    /// <param name="inFeatures">size of each input vector</param>
    /// <param name="outFeatures">size of each output vector</param>
    /// <param name="random">source of the initial U(−1/√in, 1/√in) values</param>
    /// <param name="bias">whether to add a learned bias</param>
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
