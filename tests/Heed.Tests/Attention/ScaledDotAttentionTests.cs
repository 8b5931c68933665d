using Heed.Attention;

namespace Heed.Tests.Attention;

public class ScaledDotAttentionTests
{
    [Fact]
    public void WorkedExample_MatchesHandCalculation()
    {
        // By hand: d = 2, s = [√2·ln 3, 0], h₁ = [1, 0], h₂ = [0, 1] → sᵀh / √2 = [ln 3, 0]
        // → weights [0.75, 0.25] → context [3, 2].
        var attention = new ScaledDotAttention(2);
        var r = attention.Forward(Hand.Batch1([MathF.Sqrt(2) * MathF.Log(3), 0f]), Hand.Batch1([1f, 0f], [0f, 1f]), Hand.TwoValues());
        Hand.Near([0.75f, 0.25f], r.Weights);
        Hand.Near([3f, 2f], r.Context);
    }

    [Fact]
    public void Gradients_MatchFiniteDifferences() =>
        AttentionGradCheck.CheckAttention(new ScaledDotAttention(3), AttentionInputs.Make(3, 3));

    [Fact]
    public void CausalMask_KeepsOnlyEarlierKeys()
    {
        // Self-attention over 3 positions: query t may see keys 0..t, so weights above the diagonal are 0 and
        // row 0 puts all its weight on key 0.
        var x = AttentionInputs.Make(3, 3, keys: 3, queries: 3, mask: false).Keys;
        var r = new ScaledDotAttention(3).Forward(x, x, x, causal: true);
        for (int b = 0; b < 2; b++)
        {
            Assert.Equal(1f, r.Weights.At(b, 0, 0));
            for (int t = 0; t < 3; t++)
                for (int j = t + 1; j < 3; j++) Assert.Equal(0f, r.Weights.At(b, t, j));
        }
    }
}
