using Heed.Attention;
using Heed.Tensors;

namespace Heed.Tests.Attention;

public class CosineAttentionTests
{
    [Fact]
    public void WorkedExample_MatchesHandCalculation()
    {
        // By hand: s = [1, 1], h₁ = [2, 2] (same direction, cos = 1), h₂ = [3, −3] (orthogonal, cos = 0)
        // → weights [e/(e+1), 1/(e+1)] = [0.7310586, 0.2689414] → context [4·0.7310586, 8·0.2689414] = [2.9242344, 2.1515313].
        var attention = new CosineAttention(2);
        var r = attention.Forward(Hand.Batch1([1f, 1f]), Hand.Batch1([2f, 2f], [3f, -3f]), Hand.TwoValues());
        Hand.Near([0.7310586f, 0.2689414f], r.Weights);
        Hand.Near([2.9242344f, 2.1515313f], r.Context);
    }

    [Fact]
    public void Gradients_MatchFiniteDifferences() =>
        AttentionGradCheck.CheckAttention(new CosineAttention(3), AttentionInputs.Make(3, 3));

    [Fact]
    public void ZeroKey_ScoresZero_NotNaN()
    {
        // A zero (padding-like) key has cosine 0 with any query: scores [0, 0] → weights [0.5, 0.5].
        var keys = Hand.Batch1([0f, 0f], [0f, 0f]);
        keys.RequiresGrad = true;
        var r = new CosineAttention(2).Forward(Hand.Batch1([1f, 1f]), keys, Hand.TwoValues());
        Hand.Near([0.5f, 0.5f], r.Weights);
        AttentionGradCheck.Loss(r).Backward();
        Assert.All(keys.Grad!.ToArray(), g => Assert.True(float.IsFinite(g)));
    }
}
