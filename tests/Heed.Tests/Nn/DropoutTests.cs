using Heed.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Kernels;
using Heed.Tensors.Memory;
using Heed.Tensors.Nn;

namespace Heed.Tests.Nn;

[Collection(SerialCollection.Name)] // compares results across thread counts
public class DropoutTests
{
    private static float[] Apply(Dropout layer, int length)
    {
        using var scope = TensorScope.Begin();
        return layer.Forward(Tensor.Full(1f, length)).ToArray();
    }

    [Fact]
    public void Op_SameMaskOnOneAndTwoThreads()
    {
        // 200,000 elements: above Parallelism.ParallelElements, so two threads split the mask between them.
        float[] Run(int threads)
        {
            using var use = Parallelism.Use(threads);
            using var scope = TensorScope.Begin();
            return Tensor.Full(2f, 200_000).Dropout(0.3f, 77UL).ToArray();
        }
        Assert.Equal(Run(1), Run(2));
    }

    [Fact]
    public void Op_IsTheMaskTimesTheInput()
    {
        // Oracle: DropoutMask.Fill of the same key, multiplied by hand.
        using var scope = TensorScope.Begin();
        var x = Tensor.FromArray(Enumerable.Range(1, 50).Select(i => (float)i).ToArray(), 50);
        var y = x.Dropout(0.25f, 5UL).ToArray();
        var mask = new float[50];
        DropoutMask.Fill(mask, 5UL, 0.25f);
        for (int i = 0; i < 50; i++) Assert.Equal((i + 1) * mask[i], y[i]);
    }

    [Fact]
    public void Layer_ReseedRepeatsItsMasks_AndEachCallDrawsANewOne()
    {
        var layer = new Dropout(0.5f, seed: 3);
        layer.Reseed(StreamKey.Of(1, 2, 3));
        var first = Apply(layer, 256);
        var second = Apply(layer, 256);
        layer.Reseed(StreamKey.Of(1, 2, 3));
        Assert.Equal(first, Apply(layer, 256));
        Assert.Equal(second, Apply(layer, 256));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Layer_ReplicasCountTheirOwnCalls()
    {
        // Replica 1's first call draws the same mask whether or not replica 0 called the layer before it, and a
        // different mask from replica 0's first call.
        var layer = new Dropout(0.5f, seed: 3);
        float[] InReplica(int index)
        {
            using var entered = new GradientReplica(index).Enter();
            return Apply(layer, 256);
        }
        layer.Reseed(7UL);
        var replica1Alone = InReplica(1);
        layer.Reseed(7UL);
        var replica0 = InReplica(0);
        Assert.Equal(replica1Alone, InReplica(1));
        Assert.NotEqual(replica0, replica1Alone);
    }

    [Fact]
    public void Layer_IsTheIdentityInEvaluation()
    {
        var layer = new Dropout(0.5f, seed: 3);
        layer.Eval();
        Assert.All(Apply(layer, 64), v => Assert.Equal(1f, v));
    }
}
