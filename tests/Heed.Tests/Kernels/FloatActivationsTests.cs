using Heed.Tensors.Kernels;

namespace Heed.Tests.Kernels;

/// <summary>
/// The float tanh and sigmoid against the same functions in double (<see cref="Math.Tanh"/>, 1 / (1 + <see cref="Math.Exp"/>(−x))),
/// measured in units in the last place of the correctly rounded float result.
/// </summary>
public class FloatActivationsTests
{
    /// <summary>Distance in float ulps between <paramref name="actual"/> and the exact <paramref name="exact"/>.</summary>
    private static double Ulps(float actual, double exact)
    {
        float rounded = (float)exact;
        double ulp = Math.Max(MathF.BitIncrement(MathF.Abs(rounded)) - MathF.Abs(rounded), float.Epsilon);
        return Math.Abs(actual - exact) / ulp;
    }

    /// <summary>Every 97th float bit pattern with |x| ≤ 12 (about 22 million values across all exponents), then the
    /// values around the series/exp switch at 0.625 and the clamp at 10.</summary>
    private static float[] Arguments()
    {
        var values = new List<float>();
        for (uint bits = 0; bits < 0x41400000u; bits += 97) // 0x41400000 = 12f
        {
            float x = BitConverter.UInt32BitsToSingle(bits);
            values.Add(x);
            values.Add(-x);
        }
        foreach (float edge in new[] { 0.625f, 10f, 9f, 1e-30f, float.Epsilon })
            for (int d = -50; d <= 50; d++)
            {
                float x = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(edge) + d);
                if (x > 0) { values.Add(x); values.Add(-x); }
            }
        return values.ToArray();
    }

    [Fact]
    public void Tanh_WithinThreeUlpsOfDoubleTanh()
    {
        var x = Arguments();
        var y = new float[x.Length];
        FloatActivations.Tanh(x, y);
        double worst = 0; float at = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double e = Ulps(y[i], Math.Tanh(x[i]));
            if (e > worst) (worst, at) = (e, x[i]);
        }
        // 2.39 ulp at worst when written (x = 0.0309: the rounding of m, of m + 2 and of the quotient add up).
        Assert.True(worst <= 3, $"tanh is {worst:F2} ulp off at x = {at:R}");
    }

    [Fact]
    public void Sigmoid_WithinFourUlpsOfDoubleLogistic_AboveTheClamp()
    {
        var x = Arguments().Select(v => v * 8).Where(v => v > -87f).ToArray(); // |x| ≤ 96
        var y = new float[x.Length];
        FloatActivations.Sigmoid(x, y);
        double worst = 0; float at = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double e = Ulps(y[i], 1 / (1 + Math.Exp(-(double)x[i])));
            if (e > worst) (worst, at) = (e, x[i]);
        }
        // 2.39 ulp at worst when written (e^{-x}'s error, then the rounding of 1 + e^{-x} and of 1/·);
        // TensorPrimitives.Sigmoid (System.Numerics.Tensors 11) is 3.50 ulp off at worst on the same arguments.
        Assert.True(worst <= 4, $"sigmoid is {worst:F2} ulp off at x = {at:R}");
    }

    [Fact]
    public void Sigmoid_BelowTheClampIsTheClampsTinyValue()
    {
        // e^{-x} is clamped at e^87 so that 2^n stays a normal float: σ(x ≤ −87) gives σ(−87) ≈ 1.65e-38, the true
        // value being smaller still. Any x this negative is a saturated gate; the absolute error is below 2e-38.
        var x = new[] { -87f, -88f, -100f, -1e10f, float.NegativeInfinity };
        var y = new float[x.Length];
        FloatActivations.Sigmoid(x, y);
        foreach (float v in y) Assert.InRange(v, 0f, 2e-38f);
    }

    [Fact]
    public void SpecialValues()
    {
        var x = new[] { 0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 1e6f, -1e6f };
        var t = new float[x.Length];
        var s = new float[x.Length];
        FloatActivations.Tanh(x, t);
        FloatActivations.Sigmoid(x, s);
        Assert.Equal(new[] { 0f, -0f, 1f, -1f }, t[..4]);
        Assert.True(float.IsNegative(t[1]), "tanh(−0) keeps its sign");
        Assert.True(float.IsNaN(t[4]) && float.IsNaN(s[4]), "NaN propagates");
        Assert.Equal(new[] { 1f, -1f }, t[5..]);
        Assert.Equal(new[] { 0.5f, 0.5f, 1f }, s[..3]);
        Assert.InRange(s[3], 0f, 2e-38f); // σ(−∞): the clamp's tiny value (Sigmoid_BelowTheClampIsTheClampsTinyValue)
        Assert.Equal(1f, s[5]);
    }

    [Fact]
    public void EveryPositionGetsTheSameArithmetic_AnyLengthAndInPlace()
    {
        // The 8-wide body, the 4-wide step and the padded tail must agree bit for bit, so a value's result never
        // depends on where it sits in a span.
        var random = new Random(5);
        var values = Enumerable.Range(0, 41).Select(_ => (float)(random.NextDouble() * 8 - 4)).ToArray();
        var alone = values.Select(v => { var one = new[] { v }; FloatActivations.Tanh(one, one); return one[0]; }).ToArray();
        var aloneSigmoid = values.Select(v => { var one = new[] { v }; FloatActivations.Sigmoid(one, one); return one[0]; }).ToArray();
        for (int length = 0; length <= values.Length; length++)
        {
            var t = values[..length];
            FloatActivations.Tanh(t, t);
            Assert.Equal(alone[..length], t);
            var s = new float[length];
            FloatActivations.Sigmoid(values[..length], s);
            Assert.Equal(aloneSigmoid[..length], s);
        }
    }

    [Fact]
    public void AdditiveScore_MatchesDoubleSum_AnyLength()
    {
        var random = new Random(9);
        foreach (int n in new[] { 1, 3, 4, 7, 8, 12, 13, 64, 511, 512 })
        {
            float[] Draw() => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
            float[] w = Draw(), u = Draw(), v = Draw();
            double exact = 0, magnitude = 0;
            for (int j = 0; j < n; j++)
            {
                double term = v[j] * Math.Tanh((double)(w[j] + u[j])); // w + u rounded to float, as the kernel adds them
                exact += term;
                magnitude += Math.Abs(term);
            }
            // Each term is within 2 ulp (relative 2.4e-7) and the float sum adds ~n·6e-8 relative to Σ|terms|.
            Assert.True(Math.Abs(FloatActivations.AdditiveScore(w, u, v) - exact) <= (n + 4) * 1.2e-7 * magnitude + 1e-30,
                $"n = {n}: {FloatActivations.AdditiveScore(w, u, v)} vs {exact}");
        }
    }

    [Fact]
    public void MismatchedLengthsAreRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => FloatActivations.Tanh(new float[3], new float[4]));
        Assert.Contains("[3]", ex.Message);
        Assert.Throws<ArgumentException>(() => FloatActivations.AdditiveScore(new float[3], new float[3], new float[2]));
    }
}
