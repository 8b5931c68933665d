namespace Heed.Tensors.Optim;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter), as PyTorch: p ← p·(1 − lr·λ) first, then the Adam step without weight decay in
/// the gradient. State names start with "adamw.". PyTorch's default λ is 0.01.
/// </summary>
public sealed class AdamW : Adam
{
    /// <inheritdoc/>
    protected override bool DecoupledWeightDecay => true;

    /// <inheritdoc cref="Adam(IEnumerable{ValueTuple{string, Tensor}}, float, float, float, float, float)"/>
    public AdamW(IEnumerable<(string Name, Tensor Parameter)> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float epsilon = 1e-8f, float weightDecay = 0.01f)
        : base(parameters, learningRate, beta1, beta2, epsilon, weightDecay, "adamw") { }
}
