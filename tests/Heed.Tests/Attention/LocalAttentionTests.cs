using Heed.Attention;
using Heed.Tensors;

namespace Heed.Tests.Attention;

public class LocalAttentionTests
{
    [Fact]
    public void LocalM_WorkedExample_UniformOverTheWindow()
    {
        // By hand: zero query → every dot score is 0; step t = 2 with D = 1 → window {1, 2, 3} of 5 keys
        // → weights [0, 1/3, 1/3, 1/3, 0].
        var local = new LocalAttention(new DotAttention(2), LocalAttentionMode.Monotonic, 1, new Random(0));
        var keys = AttentionInputs.Make(2, 2, batch: 1, keys: 5, mask: false).Keys;
        var values = AttentionInputs.Make(2, 2, batch: 1, keys: 5, mask: false, seed: 3).Values;
        var r = local.Attend(Tensor.Zeros(1, 1, 2), local.PrepareKeys(keys), values, firstQueryPosition: 2);
        Hand.Near([0f, 1f / 3, 1f / 3, 1f / 3, 0f], r.Weights);
    }

    [Fact]
    public void LocalP_PutsItsPeakAtTheRoundedPredictedPosition()
    {
        // Zero keys make every dot score 0, so the weights are the window's uniform softmax times the Gaussian,
        // whose peak is the integer nearest p_t. p_t is recomputed here in double precision from the parameters:
        // p = S · sigmoid(Σ_j v_j tanh(Σ_k W[j,k] s_k)).
        var random = new Random(8);
        var local = new LocalAttention(new DotAttention(3), LocalAttentionMode.Predictive, 3, random, positionHiddenDim: 4);
        local.PositionV!.Span.Fill(3f); // spread p_t over the whole sentence
        const int tk = 9;
        var mask = Tensor.FromArray([.. Enumerable.Repeat(1f, tk), .. Enumerable.Repeat(1f, 6), .. Enumerable.Repeat(0f, 3)], 2, tk);
        var queries = AttentionInputs.Uniform(random, [2, 6, 3], requiresGrad: false);
        var r = local.Forward(queries, Tensor.Zeros(2, tk, 3), AttentionInputs.Uniform(random, [2, tk, 2], requiresGrad: false), mask);
        var w = local.PositionProj!.Weight.ToArray(); var v = local.PositionV.ToArray();
        int checkedRows = 0;
        for (int b = 0; b < 2; b++)
            for (int t = 0; t < 6; t++)
            {
                int s = b == 0 ? tk : 6;
                double z = 0;
                for (int j = 0; j < 4; j++)
                {
                    double a = 0;
                    for (int k = 0; k < 3; k++) a += w[j * 3 + k] * queries.At(b, t, k);
                    z += v[j] * Math.Tanh(a);
                }
                double p = s / (1 + Math.Exp(-z));
                int expected = (int)Math.Round(p);
                if (expected > s - 1) continue; // the peak of a Gaussian centred past the last real key is the last key
                var row = Enumerable.Range(0, tk).Select(i => r.Weights.At(b, t, i)).ToArray();
                Assert.Equal(expected, Array.IndexOf(row, row.Max()));
                checkedRows++;
            }
        Assert.True(checkedRows >= 6, $"only {checkedRows} rows had p_t inside the sentence");
    }

    [Fact]
    public void LocalP_WeightsAreWindowSoftmaxTimesGaussian()
    {
        // Oracle: the same computation written out in double precision for one row.
        var random = new Random(9);
        var local = new LocalAttention(new DotAttention(2), LocalAttentionMode.Predictive, 2, random);
        var inputs = AttentionInputs.Make(2, 2, batch: 1, queries: 1, keys: 6, mask: false);
        var r = local.Forward(inputs.Queries, inputs.Keys, inputs.Values);
        double p = local.PredictPositions(inputs.Queries, local.PrepareKeys(inputs.Keys)).Item();
        var window = Enumerable.Range(0, 6).Where(i => Math.Abs(i - p) <= 2).ToArray();
        var scores = window.Select(i => (double)(inputs.Queries.At(0, 0, 0) * inputs.Keys.At(0, i, 0) + inputs.Queries.At(0, 0, 1) * inputs.Keys.At(0, i, 1))).ToArray();
        double total = scores.Sum(Math.Exp);
        var expected = new float[6];
        for (int k = 0; k < window.Length; k++)
        {
            int i = window[k];
            expected[i] = (float)(Math.Exp(scores[k]) / total * Math.Exp(-(i - p) * (i - p) / (2 * 1.0 * 1.0)));
        }
        Hand.Near(expected, r.Weights);
    }

    [Fact]
    public void LocalM_Gradients_MatchFiniteDifferences() =>
        AttentionGradCheck.CheckAttention(
            new LocalAttention(new GeneralAttention(3, 4, new Random(10)), LocalAttentionMode.Monotonic, 1, new Random(11)),
            AttentionInputs.Make(3, 4, keys: 4, queries: 3));

    [Fact]
    public void LocalP_Gradients_MatchFiniteDifferences() =>
        AttentionGradCheck.CheckAttention(
            new LocalAttention(new AdditiveAttention(3, 4, 3, new Random(12)), LocalAttentionMode.Predictive, 2, new Random(13)),
            AttentionInputs.Make(3, 4, keys: 4));

    [Fact]
    public void LocalP_HasItsOwnParametersAndTheScores()
    {
        var local = new LocalAttention(new GeneralAttention(3, 4, new Random(1)), LocalAttentionMode.Predictive, 2, new Random(1));
        Assert.Equal(["position_proj.weight", "position_v", "score.proj.weight"], local.NamedParameters().Select(p => p.Name).Order());
    }

    [Fact]
    public void LocalP_ZeroHalfWidth_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new LocalAttention(new DotAttention(2), LocalAttentionMode.Predictive, 0, new Random(1)));
        Assert.Contains("D = 0", e.Message);
    }
}
