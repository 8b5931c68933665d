using Heed.Attention;
using Heed.Tensors;

namespace Heed.Tests.Attention;

public class LocationAttentionTests
{
    private static LocationAttention Example()
    {
        // W_a [3, 1] = [ln 3, 0, 5]ᵀ, bias 0: for s = [1], W_a s = [ln 3, 0, 5] over L = 3 positions.
        var attention = new LocationAttention(1, 2, 3, new Random(0));
        float[] w = [MathF.Log(3), 0f, 5f];
        w.CopyTo(attention.Proj.Weight.Span);
        attention.Proj.Bias!.Span.Clear();
        return attention;
    }

    [Fact]
    public void WorkedExample_RenormalisesToTheRealLength()
    {
        // By hand: Tk = 2, so position 3 (score 5) is dropped and the softmax of [ln 3, 0] is [0.75, 0.25]
        // → context [3, 2]. The keys' contents do not matter.
        var r = Example().Forward(Hand.Batch1([1f]), Hand.Batch1([7f, 7f], [-1f, 2f]), Hand.TwoValues());
        Hand.Near([0.75f, 0.25f], r.Weights);
        Hand.Near([3f, 2f], r.Context);
    }

    [Fact]
    public void WorkedExample_MaskedSecondKey_TakesAllWeight()
    {
        // By hand: key 2 masked → softmax over key 1 alone = [1, 0] → context = v₁ = [4, 0].
        var r = Example().Forward(Hand.Batch1([1f]), Hand.Batch1([7f, 7f], [-1f, 2f]), Hand.TwoValues(), Tensor.FromArray([1f, 0f], 1, 2));
        Hand.Near([1f, 0f], r.Weights);
        Hand.Near([4f, 0f], r.Context);
    }

    [Fact]
    public void Gradients_MatchFiniteDifferences()
    {
        // The keys do not enter the score: their gradient is 0 by both methods.
        AttentionGradCheck.CheckAttention(new LocationAttention(3, 4, 5, new Random(4)), AttentionInputs.Make(3, 4));
    }

    [Fact]
    public void KeysLongerThanTheMaximum_ThrowNamingTheLengths()
    {
        var attention = new LocationAttention(3, 4, 2, new Random(4));
        var inputs = AttentionInputs.Make(3, 4, keys: 3);
        var e = Assert.Throws<ArgumentException>(() => attention.PrepareKeys(inputs.Keys, inputs.Mask));
        Assert.Contains("3 keys", e.Message);
        Assert.Contains("maximum source length 2", e.Message);
    }
}
