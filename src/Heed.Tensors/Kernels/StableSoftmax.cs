using System.Numerics.Tensors;

namespace Heed.Tensors.Kernels;

/// <summary>
/// softmax(x) = exp(x − m) / Σ exp(x − m) with m = max(x): the same function, but exp never sees more than 0, so large
/// scores do not overflow float (exp overflows above ~88.7, and TensorPrimitives.SoftMax exponentiates its input as
/// it is). −∞ entries (masked positions) stay −∞ and get weight exactly 0.
/// </summary>
internal static class StableSoftmax
{
    /// <summary>Writes softmax(<paramref name="x"/>) into <paramref name="y"/> (which may be <paramref name="x"/>);
    /// <paramref name="x"/> must hold at least one finite value.</summary>
    public static void Apply(ReadOnlySpan<float> x, Span<float> y)
    {
        float max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        TensorPrimitives.SoftMax(y, y);
    }
}
