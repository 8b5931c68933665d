using System.Numerics.Tensors;
using Tensor = Heed.Tensors.Tensor;
using Heed.Tensors;
using Heed.Tensors.Autodiff;

namespace Heed.Attention;

public static partial class AttentionOps
{
    /// <summary>
    /// The values of <paramref name="forward"/> with the gradient of <paramref name="surrogate"/>: the result's
    /// gradient is handed to the surrogate unchanged (a straight-through estimator, Bengio et al. 2013). Exact in the
    /// forward pass, unlike surrogate + (forward − surrogate), whose rounding can leave a one-hot row at 1 − ulp.
    /// </summary>
    /// <param name="forward">the values to return (no gradient reaches it)</param>
    /// <param name="surrogate">a differentiable tensor of the same shape whose gradient stands in for the forward's</param>
    /// <exception cref="ArgumentException">the shapes differ, naming them.</exception>
    public static Tensor StraightThrough(Tensor forward, Tensor surrogate)
    {
        if (!forward.Shape.SequenceEqual(surrogate.Shape))
            throw new ArgumentException($"StraightThrough: forward {forward.Describe()} and surrogate {surrogate.Describe()} must have one shape.");
        var y = Tensor.FromArray(forward.Span, forward.Shape.ToArray());
        if (GradMode.Tracks(surrogate))
            y.Record([surrogate], () =>
            {
                var dx = surrogate.GradForAccumulation();
                TensorPrimitives.Add(dx, y.GradForAccumulation(), dx);
            });
        return y;
    }
}
