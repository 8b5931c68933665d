using Heed.Memory;
using Heed.Tensors;

namespace Heed.Tests.Memory;

/// <summary>The NTM's own ops: values against hand-worked cases, gradients against central differences.</summary>
public class MemoryOpsTests
{
    [Fact]
    public void RowScale_MultipliesEachRowByItsScalar()
    {
        var y = MemoryOps.RowScale(Tensor.FromArray([1, 2, 3, 4], 2, 2), Tensor.FromArray([10, -1], 2));
        Assert.Equal([10f, 20f, -3f, -4f], y.ToArray());
    }

    [Fact]
    public void RowScale_GradientsMatchFiniteDifferences() =>
        GradientCheck.Check(x => MemoryOps.RowScale(x[0], x[1]), [GradientCheck.Random(1, [3, 2, 4]), GradientCheck.Random(2, [3])]);

    [Fact]
    public void RowScale_WrongScaleShape_Throws() =>
        Assert.Throws<ArgumentException>(() => MemoryOps.RowScale(Tensor.Zeros(3, 2), Tensor.Zeros(2)));

    [Fact]
    public void CircularShift_HandWorkedCases()
    {
        // One-hot shift +1 moves weight forward, −1 backward, wrapping around the 4 locations.
        var w = Tensor.FromArray([1, 0, 0, 0], 1, 4);
        Assert.Equal([0f, 1f, 0f, 0f], MemoryOps.CircularShift(w, Tensor.FromArray([0, 0, 1], 1, 3)).ToArray());
        Assert.Equal([0f, 0f, 0f, 1f], MemoryOps.CircularShift(w, Tensor.FromArray([1, 0, 0], 1, 3)).ToArray());
        // y[i] = 0.2·w[i+1] + 0.5·w[i] + 0.3·w[i−1] for w = (0.5, 0.5, 0, 0): (0.35, 0.4, 0.15, 0.1) by hand.
        var mixed = MemoryOps.CircularShift(Tensor.FromArray([0.5f, 0.5f, 0, 0], 1, 4), Tensor.FromArray([0.2f, 0.5f, 0.3f], 1, 3)).ToArray();
        Assert.Equal([0.35f, 0.4f, 0.15f, 0.1f], mixed, (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void CircularShift_GradientsMatchFiniteDifferences() =>
        GradientCheck.Check(x => MemoryOps.CircularShift(x[0], x[1]), [GradientCheck.Random(3, [2, 5]), GradientCheck.Random(4, [2, 3])]);

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    public void CircularShift_EvenOrTooManyShifts_Throws(int shifts) =>
        Assert.Throws<ArgumentException>(() => MemoryOps.CircularShift(Tensor.Zeros(1, 5), Tensor.Zeros(1, shifts)));

    [Fact]
    public void Softplus_ValuesAndStability()
    {
        var y = Tensor.FromArray([0, 100, -100, 1], 4).Softplus().ToArray();
        Assert.Equal(MathF.Log(2), y[0], 6);          // log(1 + e^0)
        Assert.Equal(100f, y[1]);                       // no overflow of e^100
        Assert.InRange(y[2], 0f, 1e-40f);               // log(1 + e^−100) ≈ 3.7e-44
        Assert.Equal(1.3132616f, y[3], 5);              // log(1 + e)
    }

    [Fact]
    public void Softplus_GradientMatchesFiniteDifferences() =>
        GradientCheck.Check(x => x[0].Softplus(), [GradientCheck.Random(5, [7], -4, 4)]);

    [Fact]
    public void BinaryCrossEntropy_HandWorkedValue()
    {
        // logit 0, target 1: log 2; logit 2, target 0: log(1 + e²) = 2.126928; summed and divided by 2.
        var loss = MemoryOps.BinaryCrossEntropyWithLogits(Tensor.FromArray([0, 2], 2), [1, 0], 2);
        Assert.Equal((MathF.Log(2) + 2.126928f) / 2, loss.Item(), 5);
    }

    [Fact]
    public void BinaryCrossEntropy_GradientMatchesFiniteDifferences()
    {
        float[] targets = [1, 0, 0, 1, 1, 0];
        GradientCheck.Check(x => MemoryOps.BinaryCrossEntropyWithLogits(x[0], targets, 3), [GradientCheck.Random(6, [2, 3], -3, 3)]);
    }
}
