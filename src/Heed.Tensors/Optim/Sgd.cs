using System.Numerics.Tensors;

namespace Heed.Tensors.Optim;

/// <summary>
/// Stochastic gradient descent with PyTorch's semantics (dampening 0): g ← g + λ·p; with momentum μ,
/// b ← μ·b + g (b starts at 0, so the first b is g) and g ← b, or g ← g + μ·b for Nesterov; then p ← p − lr·g.
/// </summary>
public sealed class Sgd : Optimizer
{
    /// <summary>μ, the momentum; 0 means plain SGD with no state.</summary>
    public float Momentum { get; }
    /// <summary>λ, the L2 penalty added to the gradient as λ·p.</summary>
    public float WeightDecay { get; }
    /// <summary>Whether the step uses Nesterov momentum (g + μ·b) instead of the buffer b itself.</summary>
    public bool Nesterov { get; }

    /// <param name="parameters">named parameters, e.g. <c>model.NamedParameters()</c></param>
    /// <param name="learningRate">lr ≥ 0</param>
    /// <param name="momentum">μ in [0, 1); 0 keeps no state</param>
    /// <param name="weightDecay">L2 penalty λ ≥ 0 added to the gradient</param>
    /// <param name="nesterov">Nesterov momentum (needs μ &gt; 0)</param>
    public Sgd(IEnumerable<(string Name, Tensor Parameter)> parameters, float learningRate, float momentum = 0f, float weightDecay = 0f, bool nesterov = false)
        : base(parameters, learningRate, "sgd", momentum > 0 ? ["momentum"] : [])
    {
        if (!(momentum >= 0 && momentum < 1)) throw new ArgumentOutOfRangeException(nameof(momentum), $"SGD momentum {momentum} must be in [0, 1).");
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(weightDecay), $"SGD weight decay {weightDecay} must be ≥ 0.");
        if (nesterov && momentum == 0) throw new ArgumentException("Nesterov momentum needs momentum > 0.");
        Momentum = momentum;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
    }

    /// <inheritdoc/>
    protected override void Update(Span<float> parameter, ReadOnlySpan<float> grad, float[][] slots, int offset)
    {
        // Chunks small enough to stay in L1, so the several TensorPrimitives passes cost one trip through memory.
        Span<float> g = stackalloc float[UpdateChunk.Size];
        for (int start = 0; start < parameter.Length; start += UpdateChunk.Size)
        {
            int n = Math.Min(UpdateChunk.Size, parameter.Length - start);
            var p = parameter.Slice(start, n); var gc = g[..n];
            if (WeightDecay != 0) TensorPrimitives.MultiplyAdd(p, WeightDecay, grad.Slice(start, n), gc);
            else grad.Slice(start, n).CopyTo(gc);
            if (Momentum > 0)
            {
                var b = slots[0].AsSpan(offset + start, n);
                TensorPrimitives.MultiplyAdd(b, Momentum, gc, b);
                if (Nesterov) TensorPrimitives.MultiplyAdd(b, Momentum, gc, gc);
                else b.CopyTo(gc);
            }
            TensorPrimitives.MultiplyAdd(gc, -LearningRate, p, p);
        }
    }
}
