using Heed.Tensors;
using Heed.Tensors.Optim;

namespace Heed.Tests.Optim;

[Collection(SerialCollection.Name)] // compares one and two threads
public class OptimizerThreadingTests
{
    private const int Length = 200_000; // above Parallelism.ParallelElements: two threads split the update

    private static float[] ThreeAdamSteps(int threads)
    {
        using var use = Parallelism.Use(threads);
        var values = Enumerable.Range(0, Length).Select(i => MathF.Sin(i)).ToArray();
        var p = Tensor.Parameter(values, [Length], "p");
        var adam = new Adam([("p", p)], learningRate: 0.01f);
        for (int step = 0; step < 3; step++)
        {
            using var scope = Heed.Tensors.Memory.TensorScope.Begin();
            adam.ZeroGrad();
            p.Mul(p).Sum().Backward(); // gradient 2p
            adam.Step();
        }
        return p.ToArray();
    }

    [Fact]
    public void Adam_SplitOverThreads_EqualsOneThread_AndTheDefinition()
    {
        var one = ThreeAdamSteps(1);
        Assert.Equal(one, ThreeAdamSteps(2));

        // Oracle for a few elements (including both halves of the split): Adam's update written out in double
        // (Kingma & Ba, Algorithm 1, with PyTorch's ε placement), on gradient 2p.
        foreach (int i in new[] { 0, 1, 99_999, 100_000, Length - 1 })
        {
            double p = MathF.Sin(i), m = 0, v = 0;
            for (int t = 1; t <= 3; t++)
            {
                double g = 2 * p;
                m = 0.9 * m + 0.1 * g;
                v = 0.999 * v + 0.001 * g * g;
                double mHat = m / (1 - Math.Pow(0.9, t)), vHat = v / (1 - Math.Pow(0.999, t));
                p -= 0.01 * mHat / (Math.Sqrt(vHat) + 1e-8);
            }
            Assert.Equal(p, one[i], 1e-5);
        }
    }
}
