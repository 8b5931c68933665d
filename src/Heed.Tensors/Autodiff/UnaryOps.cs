using System.Numerics.Tensors;
using Heed.Tensors.Memory;

using Heed.Tensors.Autodiff;

namespace Heed.Tensors;

/// <summary>Element-wise functions. Each backward uses only what it saved: the output for tanh, sigmoid
/// and exp (their derivatives are functions of it), the input for relu and log.</summary>
public static partial class Ops
{
    /// <summary>tanh(x); d/dx = 1 - y².</summary>
    public static Tensor Tanh(this Tensor x)
    {
        var y = Tensor.Empty(x.Shape.ToArray());
        Kernels.FloatActivations.Tanh(x.Span, y.Span);
        if (GradMode.Tracks(x))
            y.Record([x], () =>
            {
                using var s = ScratchBuffer.Rent(y.Length);
                var t = s.Span;
                var ys = y.Span;
                TensorPrimitives.Multiply(ys, ys, t);
                TensorPrimitives.Subtract(1f, t, t);
                var dx = x.GradForAccumulation();
                TensorPrimitives.FusedMultiplyAdd(y.GradForAccumulation(), t, dx, dx);
            });
        return y;
    }

    /// <summary>σ(x) = 1 / (1 + e^-x); d/dx = y (1 - y).</summary>
    public static Tensor Sigmoid(this Tensor x)
    {
        var y = Tensor.Empty(x.Shape.ToArray());
        Kernels.FloatActivations.Sigmoid(x.Span, y.Span);
        if (GradMode.Tracks(x))
            y.Record([x], () =>
            {
                using var s = ScratchBuffer.Rent(y.Length);
                var t = s.Span;
                var ys = y.Span;
                TensorPrimitives.Subtract(1f, ys, t);
                TensorPrimitives.Multiply(t, ys, t);
                var dx = x.GradForAccumulation();
                TensorPrimitives.FusedMultiplyAdd(y.GradForAccumulation(), t, dx, dx);
            });
        return y;
    }

    /// <summary>max(x, 0); the gradient at exactly 0 is taken as 0.</summary>
    public static Tensor Relu(this Tensor x)
    {
        var y = Tensor.Empty(x.Shape.ToArray());
        TensorPrimitives.Max(x.Span, 0f, y.Span);
        if (GradMode.Tracks(x))
            y.Record([x], () =>
            {
                var dx = x.GradForAccumulation();
                var dy = y.GradForAccumulation();
                var xs = x.Span;
                for (int i = 0; i < dx.Length; i++)
                    if (xs[i] > 0) dx[i] += dy[i];
            });
        return y;
    }

    /// <summary>e^x; d/dx = y.</summary>
    public static Tensor Exp(this Tensor x)
    {
        var y = Tensor.Empty(x.Shape.ToArray());
        TensorPrimitives.Exp(x.Span, y.Span);
        if (GradMode.Tracks(x))
            y.Record([x], () =>
            {
                var dx = x.GradForAccumulation();
                TensorPrimitives.FusedMultiplyAdd(y.GradForAccumulation(), y.Span, dx, dx);
            });
        return y;
    }

    /// <summary>Natural logarithm; d/dx = 1/x. log(0) is -∞ and log of a negative is NaN, as in IEEE arithmetic.</summary>
    public static Tensor Log(this Tensor x)
    {
        var y = Tensor.Empty(x.Shape.ToArray());
        TensorPrimitives.Log(x.Span, y.Span);
        if (GradMode.Tracks(x))
            y.Record([x], () =>
            {
                using var s = ScratchBuffer.Rent(y.Length);
                var t = s.Span;
                TensorPrimitives.Divide(y.GradForAccumulation(), x.Span, t);
                var dx = x.GradForAccumulation();
                TensorPrimitives.Add(dx, t, dx);
            });
        return y;
    }
}
