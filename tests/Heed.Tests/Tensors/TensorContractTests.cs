using Heed.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Memory;

namespace Heed.Tests.Tensors;

/// <summary>The engine's promises: errors that name shapes, gradient rules, and the pool's steady state.</summary>
public class TensorContractTests
{
    [Fact]
    public void ShapeMismatch_NamesOpAndBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Add(Tensor.Zeros(2)));
        Assert.Contains("Add", e.Message); Assert.Contains("[2, 3]", e.Message); Assert.Contains("[2]", e.Message);
        var m = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).MatMul(Tensor.Zeros(4, 5)));
        Assert.Contains("MatMul", m.Message); Assert.Contains("[2, 3]", m.Message); Assert.Contains("[4, 5]", m.Message);
    }

    [Fact]
    public void NoBroadcastingBeyondTheSuffixRule()
    {
        // [2,3] and [2,1] would broadcast in NumPy; here they are an error.
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).Mul(Tensor.Zeros(2, 1)));
    }

    [Fact]
    public void Grad_OfTensorNotRequiringIt_IsAnError()
    {
        var x = Tensor.Zeros(3);
        Assert.Throws<InvalidOperationException>(() => x.Grad);
        Assert.Throws<InvalidOperationException>(() => x.Sum().Backward());
    }

    [Fact]
    public void Gradients_Accumulate_UntilZeroed()
    {
        var x = Tensor.FromArray([1, 2], 2); x.RequiresGrad = true;
        x.Mul(x).Sum().Backward();                 // d/dx Σx² = 2x = [2, 4]
        x.Sum().Backward();                        // + [1, 1]
        Assert.Equal([3f, 5f], x.Grad!.ToArray());
        x.ZeroGrad();
        Assert.Equal([0f, 0f], x.Grad!.ToArray());
    }

    [Fact]
    public void NoGrad_RecordsNothing()
    {
        var x = Tensor.FromArray([1, 2], 2); x.RequiresGrad = true;
        using (GradMode.NoGrad())
        {
            var y = x.Tanh();
            Assert.False(y.RequiresGrad);
        }
        Assert.True(x.Tanh().RequiresGrad);
    }

    [Fact]
    public void Tensor_UsedAfterItsScope_Throws()
    {
        Tensor inner;
        using (TensorScope.Begin()) inner = Tensor.Zeros(4);
        Assert.Throws<ObjectDisposedException>(() => inner.Span[0]);
    }

    [Fact]
    public void Buffers_Are64ByteAligned()
    {
        for (int n = 1; n < 200; n += 37)
        {
            var t = Tensor.Zeros(n);
            unsafe
            {
                fixed (float* p = t.Span) Assert.Equal(0, (long)p % 64);
            }
        }
    }
}

public class TensorScopeKeepTests
{
    [Fact]
    public void Keep_MovesATensorAndWhatItViews_ToTheEnclosingScope()
    {
        using var outer = TensorScope.Begin();
        Tensor kept, view, dropped;
        using (var inner = TensorScope.Begin())
        {
            var full = Tensor.FromArray([1, 2, 3, 4], 4);
            view = full.Reshape(2, 2);
            kept = Tensor.FromArray([5, 6], 2);
            dropped = Tensor.Zeros(3);
            inner.Keep(view);
            inner.Keep(kept);
            inner.Keep(kept); // twice is harmless
        }
        Assert.Equal([1f, 2, 3, 4], view.ToArray());
        Assert.Equal([5f, 6], kept.ToArray());
        Assert.Throws<ObjectDisposedException>(() => dropped.Span[0]);
    }

    [Fact]
    public void Keep_OfATensorFromAnOuterScope_LeavesItThere()
    {
        using var outer = TensorScope.Begin();
        var early = Tensor.FromArray([1, 2], 2);
        using (var inner = TensorScope.Begin()) inner.Keep(early);
        Assert.Equal([1f, 2], early.ToArray());
    }
}

[Collection(SerialCollection.Name)]
public class BufferPoolSteadyStateTests
{
    [Fact]
    public void Scope_ReturnsBuffers_SoARepeatedStepAllocatesNothing()
    {
        var w = Tensor.Parameter(new float[64 * 64], [64, 64], "w");
        void Step()
        {
            using var scope = TensorScope.Begin();
            var x = Tensor.Full(0.5f, 32, 64);
            x.MatMul(w).Tanh().Softmax().Sum().Backward();
        }
        Step(); Step();
        long before = BufferPool.AllocatedFloatsOnThisThread;
        Step();
        Assert.Equal(before, BufferPool.AllocatedFloatsOnThisThread);
    }
}
