using Heed.Tensors;
using Heed.Tensors.Autodiff;

namespace Heed.Tests.Attention;

/// <summary>
/// Compares the gradients from Backward() with central finite differences (f(x + h) − f(x − h)) / 2h, element by
/// element, for the attention tests (the independent source of their expected gradients).
/// </summary>
internal static class AttentionGradCheck
{
    /// <summary>
    /// Asserts that d loss / d t matches finite differences for every element of every tensor in
    /// <paramref name="wrt"/> (leaves that require gradients). The loss is rebuilt from scratch for each evaluation.
    /// </summary>
    /// <remarks>
    /// float32 arithmetic: h = 1e-2 keeps rounding error (≈ 1e-7·|loss| / h) and truncation error (≈ h²·f‴) both
    /// well below the tolerance of 2e-3 + 2e-2·|gradient|.
    /// </remarks>
    public static void Check(Func<Tensor> loss, params (string Name, Tensor Tensor)[] wrt)
    {
        const float h = 1e-2f;
        foreach (var (_, t) in wrt) t.ZeroGrad();
        loss().Backward();
        var analytic = wrt.Select(w => w.Tensor.Grad?.ToArray() ?? new float[w.Tensor.Length]).ToArray();
        using var noGrad = GradMode.NoGrad();
        for (int k = 0; k < wrt.Length; k++)
        {
            var (name, t) = wrt[k];
            var span = t.Span;
            for (int i = 0; i < t.Length; i++)
            {
                float saved = span[i];
                span[i] = saved + h;
                double plus = loss().Item();
                span[i] = saved - h;
                double minus = loss().Item();
                span[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                double tolerance = 2e-3 + 2e-2 * Math.Max(Math.Abs(numeric), Math.Abs(analytic[k][i]));
                Assert.True(Math.Abs(numeric - analytic[k][i]) <= tolerance,
                    $"d loss / d {name}[{i}]: backward gives {analytic[k][i]:G6}, finite differences {numeric:G6}.");
            }
        }
    }

    /// <summary>
    /// A loss that depends on every output of an attention call: Σ context ⊙ R₁ + Σ weights ⊙ R₂ with fixed random
    /// R (a plain sum of the weights would be constant and test nothing).
    /// </summary>
    public static Tensor Loss(Heed.Attention.AttentionResult result, int seed = 99)
    {
        var random = new Random(seed);
        var r1 = AttentionInputs.Uniform(random, result.Context.Shape.ToArray(), requiresGrad: false);
        var r2 = AttentionInputs.Uniform(random, result.Weights.Shape.ToArray(), requiresGrad: false);
        return result.Context.Mul(r1).Sum().Add(result.Weights.Mul(r2).Sum());
    }

    /// <summary>Checks an attention module with respect to queries, keys, values and all its parameters.</summary>
    public static void CheckAttention(Heed.Attention.Attention attention, AttentionInputs inputs, bool causal = false, bool inputsToo = true)
    {
        var wrt = new List<(string, Tensor)>();
        if (inputsToo) wrt.AddRange([("queries", inputs.Queries), ("keys", inputs.Keys)]);
        wrt.Add(("values", inputs.Values));
        if (inputsToo) wrt.AddRange(attention.NamedParameters());
        Check(() => Loss(attention.Forward(inputs.Queries, inputs.Keys, inputs.Values, inputs.Mask, causal)), [.. wrt]);
    }
}
