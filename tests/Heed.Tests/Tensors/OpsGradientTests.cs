using Heed.Tensors;
using static Heed.Tests.GradientCheck;

namespace Heed.Tests.Tensors;

/// <summary>Every differentiable op against central finite differences (see <see cref="GradientCheck"/>).</summary>
public class OpsGradientTests
{
    [Theory]
    [InlineData(new[] { 2, 3 }, new[] { 2, 3 })]
    [InlineData(new[] { 2, 3, 4 }, new[] { 4 })]
    [InlineData(new[] { 3, 4 }, new[] { 2, 3, 4 })]
    public void Binary_Ops(int[] shapeA, int[] shapeB)
    {
        var a = Random(1, shapeA); var b = Random(2, shapeB, 0.5, 2);
        Check(x => x[0].Add(x[1]), [a, b]);
        Check(x => x[0].Sub(x[1]), [a, b]);
        Check(x => x[0].Mul(x[1]), [a, b]);
        Check(x => x[0].Div(x[1]), [a, b]);
    }

    [Theory]
    [InlineData(new[] { 2, 3 }, new[] { 2, 3 })]
    [InlineData(new[] { 2, 3, 4 }, new[] { 4 })]
    [InlineData(new[] { 3, 4 }, new[] { 2, 3, 4 })]
    public void Binary_Ops_WhenAnInputFeedsSeveralOps_AccumulateItsGradient(int[] shapeA, int[] shapeB)
    {
        // The backward pass writes an input's gradient when nothing has reached it yet and adds to it otherwise; here
        // each input gets gradient from two ops (either order of arrival), and x∘x has one tensor on both sides.
        var a = Random(21, shapeA); var b = Random(22, shapeB, 0.5, 2);
        Check(x => x[0].Mul(x[1]).Sum().Add(x[0].Tanh().Sum()).Add(x[1].Exp().Sum()), [a, b]);
        Check(x => x[0].Tanh().Sum().Add(x[0].Div(x[1]).Sum()).Add(x[1].Sub(x[0]).Sum()), [a, b]);
        Check(x => x[0].Mul(x[0]).Add(x[0].Div(x[0].AddScalar(3f))), [a]);
        Check(x => x[0].Sub(x[0]).Add(x[0].Tanh()), [b]);
    }

    [Fact]
    public void Unary_Ops()
    {
        var x = Random(3, [3, 5], -2, 2);
        Check(t => t[0].Tanh(), [x]);
        Check(t => t[0].Sigmoid(), [x]);
        Check(t => t[0].Exp(), [x]);
        Check(t => t[0].Scale(-1.5f), [x]);
        Check(t => t[0].AddScalar(0.25f), [x]);
        Check(t => t[0].Log(), [Random(4, [3, 5], 0.5, 2)]);
        // relu: inputs kept away from the kink at 0, where the difference quotient is meaningless
        Check(t => t[0].Relu(), [Random(5, [3, 5], 0.1, 1)]);
        Check(t => t[0].Relu(), [Random(6, [3, 5], -1, -0.1)]);
    }

    [Fact]
    public void Softmax_And_LogSoftmax_WithAndWithoutMask()
    {
        var x = Random(7, [2, 3, 5], -2, 2);
        var mask = Tensor.FromArray([1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], 3, 5);
        Check(t => t[0].Softmax(), [x]);
        Check(t => t[0].Softmax(mask), [x]);
        Check(t => t[0].LogSoftmax(), [x]);
        // masked log-softmax is -∞ at masked places: compare through exp, which maps them to 0
        Check(t => t[0].LogSoftmax(mask).Exp(), [x]);
    }

    [Fact]
    public void Reductions()
    {
        var x = Random(8, [2, 3, 4]);
        Check(t => t[0].Sum(), [x]);
        Check(t => t[0].Mean(), [x]);
        Check(t => t[0].SumLastDim(), [x]);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void MatMul_2D_And_Batched_AllTransposes(bool ta, bool tb)
    {
        var a = Random(9, ta ? [4, 3] : [3, 4]); var b = Random(10, tb ? [5, 4] : [4, 5]);
        Check(t => t[0].MatMul(t[1], ta, tb), [a, b]);
        var ba = Random(11, ta ? [2, 4, 3] : [2, 3, 4]); var bb = Random(12, tb ? [2, 5, 4] : [2, 4, 5]);
        Check(t => t[0].MatMul(t[1], ta, tb), [ba, bb]);
    }

    [Fact]
    public void MatMul_LeadingDimsTimesMatrix_And_Linear()
    {
        var x = Random(13, [2, 3, 4]); var w = Random(14, [4, 5]);
        Check(t => t[0].MatMul(t[1]), [x, w]);
        var weight = Random(15, [5, 4]); var bias = Random(16, [5]);
        Check(t => Ops.Linear(t[0], t[1], t[2]), [x, weight, bias]);
        Check(t => Ops.Linear(t[0], t[1], null), [x, weight]);
    }

    [Fact]
    public void LinearColumns_FiniteDifferences_AndEqualsLinearOnTheSlice()
    {
        var x = Random(41, [2, 3, 4]); var weight = Random(42, [5, 9]); var bias = Random(43, [5]);
        // columns 3..6 of a 9-column weight: neither edge, so a wrong leading dimension or offset shows
        Check(t => Ops.LinearColumns(t[0], t[1], 3, t[2]), [x, weight, bias]);
        Check(t => Ops.LinearColumns(t[0], t[1], 5, null), [x, weight]);
        Check(t => Ops.LinearColumns(t[0], t[1], 2, t[2]), [x, weight, Random(45, [2, 3, 5])]); // element-wise addend

        // The composite oracle: Linear on the sliced weight gives the same values and the same gradients, with zero
        // gradient for the weight's other columns.
        x.ZeroGrad(); weight.ZeroGrad(); bias.ZeroGrad(); // the checks above left gradients behind
        var y = Ops.LinearColumns(x, weight, 3, bias);
        y.Mul(Random(44, [2, 3, 5])).Sum().Backward();
        var (dx, dw, db) = (x.Grad!.ToArray(), weight.Grad!.ToArray(), bias.Grad!.ToArray());
        x.ZeroGrad(); weight.ZeroGrad(); bias.ZeroGrad();
        var expected = Ops.Linear(x, weight.Slice(1, 3, 4), bias);
        expected.Mul(Random(44, [2, 3, 5])).Sum().Backward();
        AssertAllClose(expected.ToArray(), y.ToArray());
        AssertAllClose(x.Grad!.ToArray(), dx); AssertAllClose(weight.Grad!.ToArray(), dw); AssertAllClose(bias.Grad!.ToArray(), db);
        Assert.Throws<ArgumentException>(() => Ops.LinearColumns(x, weight, 6, bias)); // 6 + 4 > 9 columns
        Assert.Throws<ArgumentException>(() => Ops.LinearColumns(x, weight, 0, Random(46, [3, 2, 5]))); // addend shape
    }

    private static void AssertAllClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f, $"element {i}: {expected[i]} vs {actual[i]}");
    }

    [Fact]
    public void Movement_Ops()
    {
        var x = Random(17, [2, 3, 4]); var y = Random(18, [2, 2, 4]);
        Check(t => t[0].Reshape(6, -1), [x]);
        Check(t => Ops.Concat([t[0], t[1]], 1), [x, y]);
        Check(t => t[0].Slice(2, 1, 2), [x]);
        Check(t => t[0].Split(1, 1, 2)[1], [x]);
        Check(t => t[0].Select(1, 2), [x]);
        Check(t => Ops.Stack([t[0], t[0].Tanh()], 1), [x]);
        Check(t => t[0].Permute(2, 0, 1), [x]);
        Check(t => t[0].Transpose(0, 1), [x]);
        // An input reaching these ops twice, or also through another op, gets the sum of both gradients.
        Check(t => Ops.Concat([t[0], t[1], t[0]], 1).Tanh(), [x, y]);
        Check(t => t[0].Reshape(6, -1).Tanh().Reshape(2, 3, 4).Add(t[0].Mul(t[0])), [x]);
        // LeadingRows views write their gradient into the start of x's buffer: alone, nested, beside x itself, and
        // of an intermediate (whose gradient buffer is made by the view's consumer).
        var z = Random(19, [3, 2, 4]);
        Check(t => t[0].LeadingRows(2).Tanh(), [z]);
        Check(t => t[0].LeadingRows(2).LeadingRows(1).Mul(t[0].LeadingRows(1)).Add(t[0].Slice(0, 2, 1).Tanh()), [z]);
        Check(t => t[0].Exp().LeadingRows(1).Tanh().Add(t[0].Exp().Slice(0, 0, 1)).Add(t[0].Tanh().LeadingRows(3).Slice(0, 1, 1)), [z]);
    }

    [Fact]
    public void LeadingRows_IsAViewOfTheFirstRows_AndRejectsTooMany()
    {
        var x = Tensor.FromArray([1f, 2, 3, 4, 5, 6], 3, 2);
        var y = x.LeadingRows(2);
        Assert.Equal([2, 2], y.Shape);
        Assert.Equal([1f, 2, 3, 4], y.ToArray());
        x.Span[0] = 9; // a view, not a copy
        Assert.Equal(9f, y.Span[0]);
        Assert.Same(x, x.LeadingRows(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.LeadingRows(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.LeadingRows(-1));
    }

    [Fact]
    public void Embedding_ScatterAdds_RepeatedIds()
    {
        var w = Random(19, [5, 3]);
        int[] ids = [1, 4, 1, 0];
        Check(t => Ops.Embedding(t[0], ids, [2, 2]), [w]);
    }

    [Fact]
    public void Dropout_WithFixedMask()
    {
        var x = Random(20, [4, 6]);
        // A fresh generator with the same seed on each call gives the same mask, so f is a fixed function.
        Check(t => t[0].Dropout(0.3f, 5UL), [x]);
    }

    [Fact]
    public void LayerNorm_AllInputs()
    {
        var x = Random(21, [3, 6], -2, 2); var g = Random(22, [6], 0.5, 1.5); var b = Random(23, [6]);
        Check(t => t[0].LayerNorm(t[1], t[2]), [x, g, b]);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.1f)]
    public void CrossEntropy_WithIgnoreIndex_AndSmoothing(float smoothing)
    {
        var logits = Random(24, [4, 5], -2, 2);
        int[] targets = [2, 1, 4, 1];
        Check(t => t[0].CrossEntropy(targets, ignoreIndex: 1, labelSmoothing: smoothing), [logits]);
    }
}
