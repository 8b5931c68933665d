using Heed.Tensors;

namespace Heed.Tests.Tensors;

/// <summary>Forward values against hand calculation.</summary>
public class OpsValueTests
{
    private static void Near(double expected, float actual, double tol = 1e-5) =>
        Assert.True(Math.Abs(expected - actual) <= tol, $"expected {expected}, got {actual}");

    [Fact]
    public void Softmax_OfOneTwoThree()
    {
        // e^1, e^2, e^3 = 2.718282, 7.389056, 20.085537; sum 30.192875
        var y = Tensor.FromArray([1, 2, 3], 1, 3).Softmax().ToArray();
        Near(0.090031, y[0]); Near(0.244728, y[1]); Near(0.665241, y[2]);
    }

    [Fact]
    public void Softmax_OfScoresBeyondExpsRange_IsFinite_WithAndWithoutMask()
    {
        // exp(100) overflows float. By hand: softmax(100, 95, 0) = (1, e^-5, e^-100) / (1 + e^-5 + e^-100)
        // = (0.993307, 0.006693, 0); with the middle key masked: (1, 0, e^-100) → (1, 0, 0).
        var x = Tensor.FromArray([100, 95, 0], 1, 3);
        var y = x.Softmax().ToArray();
        Assert.Equal(1 / (1 + Math.Exp(-5)), y[0], 5);
        Assert.Equal(Math.Exp(-5) / (1 + Math.Exp(-5)), y[1], 5);
        Assert.Equal(0, y[2], 6);
        var masked = x.Softmax(Tensor.FromArray([1, 0, 1], 1, 3)).ToArray();
        Assert.Equal(1f, masked[0]);
        Assert.Equal(0f, masked[1]);          // masked: exactly 0
        Assert.InRange(masked[2], 0f, 1e-40f); // e^-100, a subnormal float
    }

    [Fact]
    public void Softmax_Mask_GivesExactZeros_AndAllMaskedRowGivesZerosNotNaN()
    {
        var x = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        var mask = Tensor.FromArray([1, 0, 1, 0, 0, 0], 2, 3);
        var y = x.Softmax(mask).ToArray();
        Assert.Equal(0f, y[1]);
        // over {1, 3}: e^1/(e^1+e^3) = 0.119203, e^3/(e^1+e^3) = 0.880797
        Near(0.119203, y[0]); Near(0.880797, y[2]);
        Assert.Equal([0f, 0f, 0f], y[3..]);
    }

    [Fact]
    public void LogSoftmax_IsLogOfSoftmax()
    {
        // log(0.090031) = -2.407606, log(0.244728) = -1.407606, log(0.665241) = -0.407606
        var y = Tensor.FromArray([1, 2, 3], 3).LogSoftmax().ToArray();
        Near(-2.407606, y[0]); Near(-1.407606, y[1]); Near(-0.407606, y[2]);
    }

    [Fact]
    public void LogSoftmax_LargeRowsOnTwoThreads_MatchDoubleReference()
    {
        // 24 × 6000 = 144,000 elements: above the size at which rows run on several threads and exp is vectorised.
        // Expected values: x − (max + log Σ exp(x − max)) in double, row by row. Row 5 is shifted by +500 (stability).
        const int rows = 24, cols = 6000;
        var random = new Random(21);
        var data = new float[rows * cols];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 20 - 10) + (i / cols == 5 ? 500 : 0);
        using (Parallelism.Use(2))
        {
            var y = Tensor.FromArray(data, rows, cols).LogSoftmax().ToArray();
            for (int r = 0; r < rows; r++)
            {
                var row = data.AsSpan(r * cols, cols);
                double max = double.NegativeInfinity, sum = 0;
                foreach (float v in row) max = Math.Max(max, v);
                foreach (float v in row) sum += Math.Exp(v - max);
                double lse = max + Math.Log(sum);
                for (int j = 0; j < cols; j++) Near(row[j] - lse, y[r * cols + j], 1e-4);
            }
            // The same rows through cross-entropy (target 0 everywhere): the mean of −log p(0) from the same reference.
            double expectedLoss = 0;
            for (int r = 0; r < rows; r++) expectedLoss -= y[r * cols] / rows; // y already checked against the reference
            Near(expectedLoss, Tensor.FromArray(data, rows, cols).CrossEntropy(new int[rows]).Item(), 1e-4);
        }
    }

    [Fact]
    public void CrossEntropy_HandComputed_WithIgnoreAndSmoothing()
    {
        // Row 0: logits [1,2,3], target 2: −log p = 0.407606. Row 1 is ignored (target = ignore index 0).
        var logits = Tensor.FromArray([1, 2, 3, 9, 9, 9], 2, 3);
        Near(0.407606, logits.CrossEntropy([2, 0], ignoreIndex: 0).Item());
        // Smoothing 0.3: 0.7·0.407606 + 0.3·mean(2.407606, 1.407606, 0.407606) = 0.285324 + 0.3·1.407606 = 0.707606
        Near(0.707606, logits.CrossEntropy([2, 0], ignoreIndex: 0, labelSmoothing: 0.3f).Item());
    }

    [Fact]
    public void MatMul_HandComputed()
    {
        // [[1,2],[3,4]]·[[5,6],[7,8]] = [[19,22],[43,50]]
        var y = Tensor.FromArray([1, 2, 3, 4], 2, 2).MatMul(Tensor.FromArray([5, 6, 7, 8], 2, 2)).ToArray();
        Assert.Equal([19f, 22f, 43f, 50f], y);
        // Aᵀ·B: [[1,3],[2,4]]·[[5,6],[7,8]] = [[26,30],[38,44]]
        var t = Tensor.FromArray([1, 2, 3, 4], 2, 2).MatMul(Tensor.FromArray([5, 6, 7, 8], 2, 2), transA: true).ToArray();
        Assert.Equal([26f, 30f, 38f, 44f], t);
    }

    [Fact]
    public void Linear_EqualsMatMulPlusBias()
    {
        var x = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        var w = Tensor.FromArray([1, 0, -1, 2, 1, 0], 2, 3);
        var b = Tensor.FromArray([0.5f, -1], 2);
        // row 0: [1−3, 2+2] + b = [−1.5, 3]; row 1: [4−6, 8+5] + b = [−1.5, 12]
        Assert.Equal([-1.5f, 3f, -1.5f, 12f], Ops.Linear(x, w, b).ToArray());
        Assert.Equal(x.MatMul(w, transB: true).Add(b).ToArray(), Ops.Linear(x, w, b).ToArray());
    }

    [Fact]
    public void Linear_WithPackedWeight_SameHandValues_AndRefusesGradients()
    {
        var x = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        var w = Tensor.FromArray([1, 0, -1, 2, 1, 0], 2, 3);
        var b = Tensor.FromArray([0.5f, -1], 2);
        var packed = Ops.PackLinearWeight(w);
        // the hand values of Linear_EqualsMatMulPlusBias
        Assert.Equal([-1.5f, 3f, -1.5f, 12f], Ops.Linear(x, packed, b).ToArray());
        var tracked = Tensor.Parameter([1, 2, 3], [1, 3]);
        Assert.Throws<InvalidOperationException>(() => Ops.Linear(tracked, packed, b));
        using (Heed.Tensors.Autodiff.GradMode.NoGrad()) Assert.Equal([-1.5f, 3f], Ops.Linear(tracked, packed, b).ToArray());
        Assert.Throws<ArgumentException>(() => Ops.Linear(Tensor.FromArray([1, 2], 1, 2), packed, b));
    }

    [Fact]
    public void Permute_MovesElements()
    {
        // x[i,j,k] = 100i + 10j + k, shape [2,3,2]; y = permute(1,2,0): y[j,k,i] = x[i,j,k]
        var data = new float[12];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 2; k++) data[i * 6 + j * 2 + k] = 100 * i + 10 * j + k;
        var y = Tensor.FromArray(data, 2, 3, 2).Permute(1, 2, 0);
        Assert.Equal([3, 2, 2], y.Shape.ToArray());
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 2; k++)
            Assert.Equal(100 * i + 10 * j + k, y.At(j, k, i));
    }

    [Fact]
    public void LayerNorm_HandComputed()
    {
        // [1,2,3]: mean 2, biased variance 2/3, x̂ = [−1,0,1]/√(2/3) = [−1.224745, 0, 1.224745] (ε = 0)
        var y = Tensor.FromArray([1, 2, 3], 1, 3).LayerNorm(Tensor.FromArray([1, 1, 1], 3), Tensor.FromArray([0, 0, 0], 3), eps: 0).ToArray();
        Near(-1.224745, y[0]); Near(0, y[1]); Near(1.224745, y[2]);
    }

    [Fact]
    public void Concat_And_Slice_AreInverse()
    {
        var a = Tensor.FromArray([1, 2, 3, 4], 2, 2);
        var b = Tensor.FromArray([5, 6], 2, 1);
        var c = Ops.Concat([a, b], 1);
        Assert.Equal([1f, 2, 5, 3, 4, 6], c.ToArray());
        Assert.Equal([5f, 6], c.Slice(1, 2, 1).ToArray());
    }
}
