using System.Numerics.Tensors;

namespace Heed.Tensors.Optim;

/// <summary>
/// Adam (Kingma &amp; Ba) with PyTorch's semantics: g ← g + λ·p (L2, coupled); m ← β₁m + (1−β₁)g;
/// v ← β₂v + (1−β₂)g²; p ← p − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε). <see cref="AdamW"/> decouples the decay.
/// </summary>
public class Adam : Optimizer
{
    /// <summary>β₁, the decay rate of the first-moment (mean) estimate m.</summary>
    public float Beta1 { get; }
    /// <summary>β₂, the decay rate of the second-moment estimate v.</summary>
    public float Beta2 { get; }
    /// <summary>ε, added to the denominator so a near-zero v does not blow up the step.</summary>
    public float Epsilon { get; }
    /// <summary>λ, the weight decay: added to the gradient (Adam) or applied to the parameters directly (AdamW).</summary>
    public float WeightDecay { get; }

    /// <summary>True when weight decay shrinks the parameters directly (AdamW) instead of joining the gradient.</summary>
    protected virtual bool DecoupledWeightDecay => false;

    /// <param name="parameters">named parameters, e.g. <c>model.NamedParameters()</c></param>
    /// <param name="learningRate">lr ≥ 0</param>
    /// <param name="beta1">β₁ in [0, 1)</param>
    /// <param name="beta2">β₂ in [0, 1)</param>
    /// <param name="epsilon">ε &gt; 0</param>
    /// <param name="weightDecay">λ ≥ 0</param>
    public Adam(IEnumerable<(string Name, Tensor Parameter)> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float epsilon = 1e-8f, float weightDecay = 0f)
        : this(parameters, learningRate, beta1, beta2, epsilon, weightDecay, "adam") { }

    private protected Adam(IEnumerable<(string Name, Tensor Parameter)> parameters, float learningRate, float beta1, float beta2,
        float epsilon, float weightDecay, string prefix)
        : base(parameters, learningRate, prefix, "m", "v")
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), $"{GetType().Name} beta1 {beta1} must be in [0, 1).");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), $"{GetType().Name} beta2 {beta2} must be in [0, 1).");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), $"{GetType().Name} epsilon {epsilon} must be > 0.");
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(weightDecay), $"{GetType().Name} weight decay {weightDecay} must be ≥ 0.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
    }

    /// <inheritdoc/>
    protected override void Update(Span<float> parameter, ReadOnlySpan<float> grad, float[][] slots, int offset)
    {
        // Bias corrections in double, as PyTorch computes them in Python floats.
        double t = StepCount;
        float stepSize = (float)(LearningRate / (1 - Math.Pow(Beta1, t)));
        float correction2Sqrt = (float)Math.Sqrt(1 - Math.Pow(Beta2, t));
        bool coupledDecay = WeightDecay != 0 && !DecoupledWeightDecay;
        bool decoupledDecay = WeightDecay != 0 && DecoupledWeightDecay;

        Span<float> gBuffer = stackalloc float[UpdateChunk.Size];
        Span<float> tmpBuffer = stackalloc float[UpdateChunk.Size];
        for (int start = 0; start < parameter.Length; start += UpdateChunk.Size)
        {
            int n = Math.Min(UpdateChunk.Size, parameter.Length - start);
            var p = parameter.Slice(start, n);
            var m = slots[0].AsSpan(offset + start, n); var v = slots[1].AsSpan(offset + start, n);
            var tmp = tmpBuffer[..n];
            if (decoupledDecay) TensorPrimitives.Multiply(p, 1 - LearningRate * WeightDecay, p);
            scoped ReadOnlySpan<float> g = grad.Slice(start, n);
            if (coupledDecay)
            {
                TensorPrimitives.MultiplyAdd(p, WeightDecay, g, gBuffer[..n]);
                g = gBuffer[..n];
            }
            TensorPrimitives.Lerp(m, g, 1 - Beta1, m);
            TensorPrimitives.Multiply(g, g, tmp);
            TensorPrimitives.Multiply(v, Beta2, v);
            TensorPrimitives.MultiplyAdd(tmp, 1 - Beta2, v, v);
            TensorPrimitives.Sqrt(v, tmp);
            TensorPrimitives.Divide(tmp, correction2Sqrt, tmp);
            TensorPrimitives.Add(tmp, Epsilon, tmp);
            TensorPrimitives.Divide(m, tmp, tmp);
            TensorPrimitives.MultiplyAdd(tmp, -stepSize, p, p);
        }
    }
}
