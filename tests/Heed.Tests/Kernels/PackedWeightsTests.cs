using Heed.Tensors;
using Heed.Tensors.Kernels;
using Heed.Tensors.Memory;

namespace Heed.Tests.Kernels;

public class PackedWeightsTests
{
    private static float[] Random(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => random.NextSingle() * 2 - 1).ToArray();
    }

    /// <summary>y = LinearColumns(x, W, c0) twice (two "time steps" sharing the weight), loss = Σ y²; values and grads.</summary>
    private static (float[] Y, float[] Dx, float[] Dw) Run(bool packed, int rows)
    {
        var w = Tensor.Parameter(Random(24 * 40, 1), [24, 40], "w");
        using var scope = TensorScope.Begin();
        using var packs = packed ? PackedWeights.Begin() : null;
        var x = Tensor.Parameter(Random(rows * 30, 2), [rows, 30], "x");
        var y1 = Ops.LinearColumns(x, w, 7, null);
        var y2 = Ops.LinearColumns(x.Scale(0.5f), w, 7, null);
        y1.Mul(y1).Sum().Add(y2.Mul(y2).Sum()).Backward();
        if (packed) Assert.Equal(2, packs!.Count); // forward (Wᵀ) and backward (W) copies, each made once for both steps
        return (y1.ToArray(), x.Grad!.ToArray(), w.Grad!.ToArray());
    }

    [Theory]
    [InlineData(5)]
    [InlineData(64)]
    public void LinearInAScope_EqualsTheUnpackedProduct(int rows)
    {
        // Oracle: the same products packing B at every call (no scope); only float summation order may differ.
        var plain = Run(packed: false, rows);
        var cached = Run(packed: true, rows);
        AssertClose(plain.Y, cached.Y);
        AssertClose(plain.Dx, cached.Dx);
        AssertClose(plain.Dw, cached.Dw);
    }

    [Fact]
    public void WideProducts_AndCodeOutsideAScope_PackNothing()
    {
        var w = Tensor.Parameter(Random(8 * 4, 3), [8, 4], "w");
        using var scope = TensorScope.Begin();
        Ops.Linear(Tensor.FromArray(Random(4, 4), 1, 4), w, null); // no scope open: nothing to count, and no error
        using var packs = PackedWeights.Begin();
        Ops.Linear(Tensor.FromArray(Random(300 * 4, 5), 300, 4), w, null); // 300 rows > NarrowMaxRows: packs its own blocks
        Assert.Equal(0, packs.Count);
        Ops.Linear(Tensor.FromArray(Random(4, 6), 1, 4), w, null);
        Assert.Equal(1, packs.Count);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * (1 + Math.Abs(expected[i])), $"[{i}]: {actual[i]} vs {expected[i]}");
    }
}
