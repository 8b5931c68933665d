using Heed.Attention;

namespace Heed.Tests.Attention;

public class GeneralAttentionTests
{
    [Fact]
    public void WorkedExample_MatchesHandCalculation()
    {
        // By hand: dq = 1, dk = 2, W_a = [[2, 0]], s = [ln 3 / 2], h₁ = [1, 0], h₂ = [0, 1]
        // → W_a h = [2], [0] → sᵀW_a h = [ln 3, 0] → weights [0.75, 0.25] → context [3, 2].
        var attention = new GeneralAttention(1, 2, new Random(0));
        attention.Proj.Weight.Span[0] = 2f;
        attention.Proj.Weight.Span[1] = 0f;
        var r = attention.Forward(Hand.Batch1([MathF.Log(3) / 2]), Hand.Batch1([1f, 0f], [0f, 1f]), Hand.TwoValues());
        Hand.Near([0.75f, 0.25f], r.Weights);
        Hand.Near([3f, 2f], r.Context);
    }

    [Fact]
    public void Gradients_MatchFiniteDifferences() =>
        AttentionGradCheck.CheckAttention(new GeneralAttention(3, 4, new Random(2)), AttentionInputs.Make(3, 4));

    [Fact]
    public void ParameterHasPyTorchStyleName() =>
        Assert.Equal(["proj.weight"], new GeneralAttention(3, 4, new Random(2)).NamedParameters().Select(p => p.Name));
}
