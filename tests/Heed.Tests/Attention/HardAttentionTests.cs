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
}
