using Heed.Tensors;
using Heed.Tensors.Autodiff;

namespace Heed.Tests;

/// <summary>
/// Compares analytic gradients (autodiff) with central finite differences of L = Σ_k Σ_i w_ki · y_ki, where y_k are
/// the outputs of a forward function and w_k fixed random weights (so every output element and every path counts,
/// unlike a plain sum, whose gradient can hide sign errors that cancel).
/// </summary>
/// <remarks>
/// The engine is float32, so L is accumulated in double from the float outputs and the step is the difference of the
/// perturbed values actually stored (x + ε and x − ε rounded to float). With ε = 3e-3 the truncation error
/// (ε²/6 · f''') and the float rounding of y (≈ 6e-8 · |y| / 2ε per output) both stay near 1e-4 for the small
/// problems used here, well inside the default tolerance |numeric − analytic| ≤ 2e-3 + 2e-2 · |numeric|.
/// </remarks>
internal static class GradientCheck
{
    /// <summary>
    /// Asserts d L / d x for every element of every tensor in <paramref name="inputs"/> (leaves that require
    /// gradients: parameters or test inputs), naming the first element that disagrees.
    /// </summary>
    /// <param name="forward">recomputes the outputs from the current values of the inputs</param>
    /// <param name="inputs">the leaves to check; their values are restored afterwards</param>
    public static void AssertGradients(Func<Tensor[]> forward, IReadOnlyList<Tensor> inputs, int seed = 1234,
        double eps = 3e-3, double absTol = 2e-3, double relTol = 2e-2)
    {
        // Weights, fixed for all evaluations.
        float[][] weights;
        using (GradMode.NoGrad()) weights = RandomWeights(forward(), seed);
        var analytic = OutputsAndGradients(forward, inputs, weights).Gradients;

        // Numeric, in double.
        double Loss()
        {
            using var _ = GradMode.NoGrad();
            var ys = forward();
            double sum = 0;
            for (int k = 0; k < ys.Length; k++)
            {
                var span = ys[k].Span;
                for (int i = 0; i < span.Length; i++) sum += weights[k][i] * span[i];
            }
            return sum;
        }
        for (int n = 0; n < inputs.Count; n++)
        {
            var span = inputs[n].Span;
            for (int i = 0; i < span.Length; i++)
            {
                float original = span[i];
                float up = (float)(original + eps), down = (float)(original - eps);
                span[i] = up;
                double lossUp = Loss();
                span[i] = down;
                double lossDown = Loss();
                span[i] = original;
                double numeric = (lossUp - lossDown) / ((double)up - down);
                double error = Math.Abs(numeric - analytic[n][i]);
                if (error > absTol + relTol * Math.Abs(numeric))
                    throw new Xunit.Sdk.XunitException(
                        $"Gradient of input {n} {inputs[n].Describe()} element {i}: analytic {analytic[n][i]:G6}, numeric {numeric:G6} (|diff| {error:G3}).");
            }
        }
    }

    /// <summary>Fixed weights from U(−1, 1) for each output element.</summary>
    public static float[][] RandomWeights(Tensor[] outputs, int seed)
    {
        var random = new Random(seed);
        return outputs.Select(y => Enumerable.Range(0, y.Length).Select(_ => random.NextSingle() * 2 - 1).ToArray()).ToArray();
    }

    /// <summary>
    /// Runs <paramref name="forward"/> once with gradients, back-propagates Σ w ⊙ y and returns the output values and
    /// the gradient of each leaf (zeros when none reached it). Weights default to <see cref="RandomWeights"/> with seed 1234.
    /// </summary>
    public static (float[][] Outputs, float[][] Gradients) OutputsAndGradients(Func<Tensor[]> forward, IReadOnlyList<Tensor> leaves, float[][]? weights = null)
    {
        foreach (var x in leaves) x.ZeroGrad();
        var outputs = forward();
        weights ??= RandomWeights(outputs, 1234);
        Tensor? loss = null;
        for (int k = 0; k < outputs.Length; k++)
        {
            var term = outputs[k].Mul(Tensor.FromArray(weights[k], outputs[k].Shape.ToArray())).Sum();
            loss = loss is null ? term : loss.Add(term);
        }
        loss!.Backward();
        return (outputs.Select(o => o.ToArray()).ToArray(), leaves.Select(x => x.Grad?.ToArray() ?? new float[x.Length]).ToArray());
    }

    /// <summary>A leaf input that requires gradients, filled from U(−scale, scale) with a seeded generator.</summary>
    public static Tensor RandomLeaf(Random random, float scale, params int[] shape)
    {
        var data = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < data.Length; i++) data[i] = (random.NextSingle() * 2 - 1) * scale;
        var t = Tensor.FromArray(data, shape);
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>
    /// Single-output form for op tests: checks every input of <paramref name="f"/> that requires gradients,
    /// with ε = 1e-2 (the ops tested this way are smooth at that scale) and |numeric − analytic| ≤ tol·(1 + |numeric|).
    /// </summary>
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-2, double tolerance = 2e-3) =>
        AssertGradients(() => [f(inputs)], inputs.Where(x => x.RequiresGrad).ToArray(), eps: eps, absTol: tolerance, relTol: tolerance);

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
