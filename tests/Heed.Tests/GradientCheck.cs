using Heed.Tensors;
using Heed.Tensors.Autodiff;

namespace Heed.Tests;

/// <summary>
/// Compares the engine's backward pass with central finite differences:
/// for L = Σ w ⊙ f(inputs) with fixed random w, dL/dx_i ≈ (L(x_i + ε) − L(x_i − ε)) / 2ε, L summed in double.
/// </summary>
/// <remarks>
/// The engine computes in float32, so ε is large (1e-2 by default): the truncation error is O(ε²)·f‴ and the
/// rounding error about 1e-7·|L|/ε; the tolerances below cover both for smooth functions of inputs of order 1.
/// </remarks>
public static class GradientCheck
{
    /// <summary>Checks the gradient of every input that requires one; at most <paramref name="maxElements"/> per input.</summary>
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-2, double tolerance = 2e-3, int maxElements = 64, int seed = 7)
    {
        var output = f(inputs);
        var random = new Random(seed);
        var weights = new float[output.Length];
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)(random.NextDouble() * 2 - 1);
        foreach (var x in inputs) if (x.RequiresGrad) x.ZeroGrad();
        output.Mul(Tensor.FromArray(weights, output.Shape.ToArray())).Sum().Backward();

        foreach (var x in inputs)
        {
            if (!x.RequiresGrad) continue;
            var analytic = x.Grad?.ToArray() ?? new float[x.Length];
            var data = x.Span;
            int step = Math.Max(1, x.Length / maxElements);
            for (int i = 0; i < x.Length; i += step)
            {
                float saved = data[i];
                double plus, minus;
                using (GradMode.NoGrad())
                {
                    data[i] = (float)(saved + eps);
                    plus = WeightedSum(f(inputs), weights);
                    data[i] = (float)(saved - eps);
                    minus = WeightedSum(f(inputs), weights);
                }
                data[i] = saved;
                double numeric = (plus - minus) / (2 * eps);
                double error = Math.Abs(numeric - analytic[i]);
                Assert.True(error <= tolerance * (1 + Math.Abs(numeric)),
                    $"d/d{x.Describe()}[{i}]: analytic {analytic[i]:G6}, numeric {numeric:G6} (error {error:G3})");
            }
        }
    }

    private static double WeightedSum(Tensor y, float[] w)
    {
        var s = y.Span;
        double sum = 0;
        for (int i = 0; i < s.Length; i++) sum += (double)s[i] * w[i];
        return sum;
    }

    /// <summary>A leaf requiring gradients with seeded values uniform in [lo, hi).</summary>
    public static Tensor Random(int seed, int[] shape, double lo = -1, double hi = 1)
    {
        var random = new Random(seed);
        int n = shape.Aggregate(1, (a, b) => a * b);
        var data = new float[n];
        for (int i = 0; i < n; i++) data[i] = (float)(lo + (hi - lo) * random.NextDouble());
        var t = Tensor.FromArray(data, shape);
        t.RequiresGrad = true;
        return t;
    }
}
