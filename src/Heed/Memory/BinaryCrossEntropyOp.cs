using Tensor = Heed.Tensors.Tensor;
using Heed.Tensors;
using Heed.Tensors.Autodiff;

namespace Heed.Memory;

public static partial class MemoryOps
{
    /// <summary>
    /// Σ over all elements of −[y log σ(x) + (1 − y) log(1 − σ(x))], divided by <paramref name="divisor"/> (e.g. the
    /// number of sequences, so the loss is in nats per sequence), fused with the sigmoid as softplus(x) − y·x so it
    /// never takes the log of 0. Backward: dx = (σ(x) − y) / divisor.
    /// </summary>
    /// <param name="logits">any shape</param>
    /// <param name="targets">the same number of elements, each in [0, 1] (bits for the copy task)</param>
    /// <param name="divisor">&gt; 0</param>
    /// <returns>shape []</returns>
    /// <exception cref="ArgumentException">the target count differs from the logits', or the divisor is not positive.</exception>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, ReadOnlySpan<float> targets, float divisor)
    {
        if (targets.Length != logits.Length || !(divisor > 0))
            throw new ArgumentException($"BinaryCrossEntropyWithLogits: {targets.Length} targets for logits {logits.Describe()}, divisor {divisor} (must match and be > 0).");
        var y = targets.ToArray();
        var loss = Tensor.Empty();
        var xs = logits.Span;
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
            sum += MathF.Max(xs[i], 0) + MathF.Log(1 + MathF.Exp(-MathF.Abs(xs[i]))) - y[i] * xs[i];
        loss.Span[0] = (float)(sum / divisor);
        if (GradMode.Tracks(logits))
            loss.Record([logits], () =>
            {
                float g = loss.GradForAccumulation()[0] / divisor;
                var dx = logits.GradForAccumulation(); var xv = logits.Span;
                for (int i = 0; i < dx.Length; i++) dx[i] += g * (1 / (1 + MathF.Exp(-xv[i])) - y[i]);
            });
        return loss;
    }
}
