using Heed.Attention;

namespace Heed.Tests.Attention;

public class DotAttentionTests
{
    [Fact]
    public void WorkedExample_MatchesHandCalculation()
    {
        // By hand: s = [ln 3, 0], h₁ = [1, 0], h₂ = [0, 1] → scores sᵀh = [ln 3, 0]
        // → weights [3/(3+1), 1/(3+1)] = [0.75, 0.25] → context 0.75·[4, 0] + 0.25·[0, 8] = [3, 2].
        var attention = new DotAttention(2);
        var r = attention.Forward(Hand.Batch1([MathF.Log(3), 0f]), Hand.Batch1([1f, 0f], [0f, 1f]), Hand.TwoValues());
        Hand.Near([0.75f, 0.25f], r.Weights);
        Hand.Near([3f, 2f], r.Context);
    }

    [Fact]
    public void Gradients_MatchFiniteDifferences() =>
        AttentionGradCheck.CheckAttention(new DotAttention(3), AttentionInputs.Make(3, 3));

    [Fact]
    public void QueriesOfTheWrongSize_ThrowNamingTheSizes()
    {
        var attention = new DotAttention(3);
        var inputs = AttentionInputs.Make(4, 3);
        var e = Assert.Throws<ArgumentException>(() => attention.Forward(inputs.Queries, inputs.Keys, inputs.Values, inputs.Mask));
        Assert.Contains("[B, Tq, 3]", e.Message);
        Assert.Contains("[2, 2, 4]", e.Message);
    }
}
