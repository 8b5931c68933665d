using Heed.Attention;
using Heed.Tensors;

namespace Heed.Tests.Attention;

public class HardAttentionTests
{
    // The dot worked example: soft weights [0.75, 0.25] (scores [ln 3, 0]).
    private static Tensor Query() => Hand.Batch1([MathF.Log(3), 0f]);
    private static Tensor Keys() => Hand.Batch1([1f, 0f], [0f, 1f]);

    [Fact]
    public void Argmax_PicksTheHeaviestKey()
    {
        // By hand: argmax of [0.75, 0.25] is key 1 → weights [1, 0], context v₁ = [4, 0].
        var r = new HardAttention(new DotAttention(2), HardAttentionMode.Argmax).Forward(Query(), Keys(), Hand.TwoValues());
        Hand.Near([1f, 0f], r.Weights);
        Hand.Near([4f, 0f], r.Context);
    }

    [Fact]
    public void Sample_FollowsTheSoftWeights_AndRepeatsForASeed()
    {
        // 4000 independent rows with soft weights [0.75, 0.25]: the share picking key 1 is 0.75 within
        // 3 standard deviations √(0.75·0.25/4000) ≈ 0.0068.
        const int n = 4000;
        var q = Tensor.FromArray([.. Enumerable.Range(0, n).SelectMany(_ => new[] { MathF.Log(3), 0f })], n, 1, 2);
        var k = Tensor.FromArray([.. Enumerable.Range(0, n).SelectMany(_ => new[] { 1f, 0f, 0f, 1f })], n, 2, 2);
        var v = Tensor.FromArray([.. Enumerable.Range(0, n).SelectMany(_ => new[] { 4f, 0f, 0f, 8f })], n, 2, 2);
        float[] Run() => new HardAttention(new DotAttention(2), HardAttentionMode.Sample, seed: 42).Forward(q, k, v).Weights.ToArray();
        var w = Run();
        double share = Enumerable.Range(0, n).Count(r => w[2 * r] == 1f) / (double)n;
        Assert.InRange(share, 0.75 - 3 * 0.0068, 0.75 + 3 * 0.0068);
        Assert.All(Enumerable.Range(0, n), r => Assert.Equal(1f, w[2 * r] + w[2 * r + 1]));
        Assert.Equal(w, Run());
    }

    [Fact]
    public void Gradients_ReachOnlyTheValues()
    {
        var inputs = AttentionInputs.Make(3, 4);
        var hard = new HardAttention(new GeneralAttention(3, 4, new Random(14)), HardAttentionMode.Argmax);
        AttentionGradCheck.CheckAttention(hard, inputs, inputsToo: false);
        Assert.Null(inputs.Queries.Grad);
        Assert.Null(inputs.Keys.Grad);
    }

    // ---- the training estimator: straight-through Gumbel-softmax ----

    /// <summary>n rows of the dot worked example with soft weights [0.75, 0.25] whose queries differ (the noise is
    /// keyed by the query's bits, so identical rows would draw identical keys): query r is [ln 3 + c_r, c_r].</summary>
    private static (Tensor Q, Tensor K, Tensor V) DistinctRows(int n) => (
        Tensor.FromArray([.. Enumerable.Range(0, n).SelectMany(r => new[] { MathF.Log(3) + r * 1e-3f, r * 1e-3f })], n, 1, 2),
        Tensor.FromArray([.. Enumerable.Range(0, n).SelectMany(_ => new[] { 1f, 0f, 0f, 1f })], n, 2, 2),
        Tensor.FromArray([.. Enumerable.Range(0, n).SelectMany(_ => new[] { 4f, 0f, 0f, 8f })], n, 2, 2));

    [Fact]
    public void StraightThrough_InTraining_IsOneHot_SampledFromTheSoftWeights_AndRepeats()
    {
        // The Gumbel-max trick makes argmax(log α + g) a sample from α: the share of key 1 over 4000 rows is 0.75
        // within 3 standard deviations √(0.75·0.25/4000) ≈ 0.0068.
        const int n = 4000;
        var (q, k, v) = DistinctRows(n);
        float[] Run() => new HardAttention(new DotAttention(2), HardAttentionMode.Argmax, seed: 5, trainsStraightThrough: true).Forward(q, k, v).Weights.ToArray();
        var w = Run();
        Assert.All(Enumerable.Range(0, n), r => Assert.True(w[2 * r] + w[2 * r + 1] == 1f && (w[2 * r] == 0f || w[2 * r] == 1f)));
        double share = Enumerable.Range(0, n).Count(r => w[2 * r] == 1f) / (double)n;
        Assert.InRange(share, 0.75 - 3 * 0.0068, 0.75 + 3 * 0.0068);
        Assert.Equal(w, Run()); // a pure function of seed, position and query: no generator state
    }

    [Fact]
    public void StraightThrough_OutsideTraining_IsTheArgmax()
    {
        var (q, k, v) = DistinctRows(50);
        var hard = new HardAttention(new DotAttention(2), HardAttentionMode.Argmax, seed: 5, trainsStraightThrough: true);
        hard.Eval();
        var w = hard.Forward(q, k, v).Weights.ToArray();
        Assert.All(Enumerable.Range(0, 50), r => Assert.Equal([1f, 0f], w[(2 * r)..(2 * r + 2)]));
    }

    [Fact]
    public void StraightThrough_Gradient_IsTheGumbelSoftmaxGradient_ByHand()
    {
        // Dot score, one query q = [0.3, −0.2] against keys k₁ = [1, 0], k₂ = [0, 1], k₃ = [1, 1]; loss = Σ_i c_i w_i.
        // Forward: w one-hot. Backward, by hand: y = softmax(s + g) (log α = s − log Z, and softmax ignores the shift),
        // dL/ds_i = y_i (c_i − Σ_j y_j c_j), dL/dq = Σ_i dL/ds_i k_i. g is the module's own noise for this query at
        // position 0 (the only thing taken from the code under test).
        float[] query = [0.3f, -0.2f];
        float[][] keys = [[1f, 0f], [0f, 1f], [1f, 1f]];
        float[] c = [1.5f, -2f, 0.5f];
        var hard = new HardAttention(new DotAttention(2), HardAttentionMode.Argmax, seed: 9, trainsStraightThrough: true);
        var g = new float[3];
        hard.GumbelNoise(query, 0, g);

        var q = Tensor.Parameter(query, [1, 1, 2]);
        var r = hard.Forward(q, Hand.Batch1(keys), Hand.Batch1([1f], [2f], [3f]));
        r.Weights.Mul(Tensor.FromArray(c, 1, 1, 3)).Sum().Backward();

        var s = keys.Select(key => query[0] * key[0] + query[1] * key[1]).ToArray();
        var z = s.Select((x, i) => Math.Exp(x + g[i])).ToArray();
        var y = z.Select(x => x / z.Sum()).ToArray();
        double mean = y.Select((yi, i) => yi * c[i]).Sum();
        var ds = y.Select((yi, i) => yi * (c[i] - mean)).ToArray();
        float[] dq = [(float)(ds[0] + ds[2]), (float)(ds[1] + ds[2])];
        Hand.Near(dq, q.Grad!);

        int pick = Enumerable.Range(0, 3).MaxBy(i => s[i] + g[i]);
        var onehot = new float[3]; onehot[pick] = 1f;
        Hand.Near(onehot, r.Weights, 0f);
    }
}

