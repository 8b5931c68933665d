using Heed.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Memory;

namespace Heed.Tests.Tensors;

public class GradientReplicaTests
{
    private static Tensor Weight() => Tensor.Parameter([1f, -2f, 0.5f, 3f, 1.5f, -1f], [2, 3], "w");

    [Fact]
    public void ReplicaGradients_GoToTheReplica_AndSumIntoTheParameter()
    {
        // loss = Σ (x·Wᵀ)² over rows; by hand, dL/dW = Σ_rows 2·(x·Wᵀ)ᵀ·x, so rows split over two replicas must sum to
        // the gradient of all rows at once (the oracle, computed without replicas).
        var w = Weight();
        float[][] rows = [[1f, 2f, 3f], [-1f, 0.5f, 2f], [0f, 1f, -1f]];
        Tensor Loss(float[][] xs)
        {
            var x = Tensor.FromArray(xs.SelectMany(r => r).ToArray(), xs.Length, 3);
            var y = x.MatMul(w, transB: true);
            return y.Mul(y).Sum();
        }
        float[] expected;
        using (TensorScope.Begin())
        {
            Loss(rows).Backward();
            expected = w.Grad!.ToArray();
            w.ZeroGrad();
        }

        var replica = new GradientReplica(1);
        using (TensorScope.Begin())
        {
            Loss(rows[..1]).Backward();                              // into w itself
            using (replica.Enter()) Loss(rows[1..]).Backward();     // into the replica
            Assert.NotEqual(expected, w.Grad!.ToArray());
        }
        replica.AddIntoParameters();
        var actual = w.Grad!.ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-4f);

        // The replica's buffers were zeroed: adding again changes nothing.
        replica.AddIntoParameters();
        Assert.Equal(actual, w.Grad!.ToArray());
    }

    [Fact]
    public void Enter_IsPerThread_AndNotReentrant()
    {
        var replica = new GradientReplica(2);
        using (replica.Enter())
        {
            Assert.Same(replica, GradientReplica.Current);
            GradientReplica? onAnotherThread = replica;
            var thread = new Thread(() => onAnotherThread = GradientReplica.Current);
            thread.Start();
            thread.Join();
            Assert.Null(onAnotherThread);
            Assert.Throws<InvalidOperationException>(() => new GradientReplica(3).Enter());
            Assert.Throws<InvalidOperationException>(() => replica.AddIntoParameters());
        }
        Assert.Null(GradientReplica.Current);
    }
}
