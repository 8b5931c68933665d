using System.Numerics.Tensors;

namespace Heed.Tensors.Kernels;

/// <summary>
/// Gradients through a gate's nonlinearity, from its saved output y: dst = σ'·a·b = y(1 − y)·a·b, or
/// tanh'·a·b = (1 − y²)·a·b, where a·b is the upstream factor. <c>tmp</c> is scratch of the same length.
/// </summary>
internal static class GateDerivatives
{
    public static void Sigmoid(ReadOnlySpan<float> y, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> dst, Span<float> tmp)
    {
        TensorPrimitives.Subtract(1f, y, tmp);
        TensorPrimitives.Multiply(tmp, y, tmp);
        Finish(a, b, dst, tmp);
    }

    public static void Tanh(ReadOnlySpan<float> y, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> dst, Span<float> tmp)
    {
        TensorPrimitives.Multiply(y, y, tmp);
        TensorPrimitives.Subtract(1f, tmp, tmp);
        Finish(a, b, dst, tmp);
    }

    private static void Finish(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> dst, Span<float> tmp)
    {
        TensorPrimitives.Multiply(tmp, a, tmp);
        TensorPrimitives.Multiply(tmp, b, dst);
    }
}
