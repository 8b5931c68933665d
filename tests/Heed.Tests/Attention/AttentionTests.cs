using Heed.Attention;
using Heed.Tensors;

namespace Heed.Tests.Attention;

/// <summary>The shared pipeline's contract, checked for every mechanism.</summary>
public class AttentionTests
{
    private const int Dq = 3, Dk = 4;

    public static TheoryData<string> Mechanisms() =>
        new(AttentionFactory.Names.Concat(["local-m", "local-p", "hard"]));

    private static Heed.Attention.Attention Make(string name)
    {
        var random = new Random(5);
        return name switch
        {
            "local-m" => new LocalAttention(new GeneralAttention(Dq, Dk, random), LocalAttentionMode.Monotonic, 1, random),
            "local-p" => new LocalAttention(new AdditiveAttention(Dq, Dk, 3, random), LocalAttentionMode.Predictive, 2, random),
            "hard" => new HardAttention(new GeneralAttention(Dq, Dk, random), HardAttentionMode.Argmax),
            _ => AttentionFactory.Create(name, Dq, name is "dot" or "scaled_dot" or "cosine" ? Dq : Dk, random),
        };
    }

    private static AttentionInputs Inputs(Heed.Attention.Attention a, Tensor mask) =>
        AttentionInputs.Make(a.QueryDim, a.KeyDim, batch: mask.Dim(0), keys: mask.Dim(1), queries: 3) with { Mask = mask };

    [Theory, MemberData(nameof(Mechanisms))]
    public void Weights_SumToOneOverKeptKeys_AndAreExactlyZeroOnMaskedKeys(string name)
    {
        var attention = Make(name);
        var mask = Tensor.FromArray([1f, 1f, 1f, 1f, 1f, 1f, 0f, 1f, 0f, 0f], 2, 5);
        var inputs = Inputs(attention, mask);
        var w = attention.Forward(inputs.Queries, inputs.Keys, inputs.Values, mask).Weights;
        for (int b = 0; b < 2; b++)
            for (int t = 0; t < 3; t++)
            {
                float sum = 0;
                for (int i = 0; i < 5; i++)
                {
                    if (mask.At(b, i) == 0) Assert.Equal(0f, w.At(b, t, i));
                    sum += w.At(b, t, i);
                }
                // Local-p multiplies by its Gaussian (≤ 1) without renormalising (Luong Eq. 11); the rest,
                // local-m included (its windows here all hold a kept key), form a distribution.
                if (name == "local-p") Assert.InRange(sum, 0f, 1.00001f);
                else Assert.Equal(1f, sum, 5);
            }
    }

    [Theory, MemberData(nameof(Mechanisms))]
    public void Align_GivesAttendsWeights_Exactly(string name)
    {
        // Align is Attend without the context: the same score → mask → weigh pipeline, so the same bits.
        var attention = Make(name);
        var mask = Tensor.FromArray([1f, 1f, 1f, 1f, 1f, 1f, 0f, 1f, 0f, 0f], 2, 5);
        var inputs = Inputs(attention, mask);
        var keys = attention.PrepareKeys(inputs.Keys, mask);
        var expected = attention.Attend(inputs.Queries, keys, inputs.Values).Weights.ToArray();
        Assert.Equal(expected, attention.Align(inputs.Queries, keys).ToArray());
        var other = Make(name);
        var e = Assert.Throws<ArgumentException>(() => other.Align(inputs.Queries, keys));
        Assert.Contains("PrepareKeys", e.Message);
    }

    [Theory, MemberData(nameof(Mechanisms))]
    public void AllKeysMasked_GivesZeroWeightsAndZeroContext_NotNaN(string name)
    {
        var attention = Make(name);
        var mask = Tensor.FromArray([1f, 1f, 1f, 0f, 0f, 0f], 2, 3);
        var inputs = Inputs(attention, mask);
        var r = attention.Forward(inputs.Queries, inputs.Keys, inputs.Values, mask);
        Assert.All(r.Weights.ToArray(), v => Assert.False(float.IsNaN(v)));
        for (int t = 0; t < 3; t++)
        {
            for (int i = 0; i < 3; i++) Assert.Equal(0f, r.Weights.At(1, t, i));
            for (int j = 0; j < inputs.Values.Dim(2); j++) Assert.Equal(0f, r.Context.At(1, t, j));
        }
        // The backward pass through a fully masked row is NaN-free too.
        AttentionGradCheck.Loss(r).Backward();
        Assert.All(inputs.Queries.Grad?.ToArray() ?? [], g => Assert.True(float.IsFinite(g)));
        Assert.All(inputs.Values.Grad!.ToArray(), g => Assert.True(float.IsFinite(g)));
    }

    [Theory, MemberData(nameof(Mechanisms))]
    public void OneKeyLeft_ContextEqualsThatKeysValue(string name)
    {
        var attention = Make(name);
        // Row 0 keeps only key 0, row 1 only key 2. Local-m's window (D = 1) sits at p_t = t clamped to the last
        // real key, i.e. at 0 when only one key is real, so for it both rows keep key 0.
        float[] m = name == "local-m" ? [1f, 0f, 0f, 1f, 0f, 0f] : [1f, 0f, 0f, 0f, 0f, 1f];
        var mask = Tensor.FromArray(m, 2, 3);
        var inputs = Inputs(attention, mask);
        var r = attention.Forward(inputs.Queries, inputs.Keys, inputs.Values, mask);
        for (int b = 0; b < 2; b++)
        {
            int kept = Array.IndexOf(m, 1f, b * 3) - b * 3;
            for (int t = 0; t < 3; t++)
            {
                float weight = r.Weights.At(b, t, kept);
                if (name != "local-p") Assert.Equal(1f, weight, 6);
                for (int j = 0; j < inputs.Values.Dim(2); j++)
                    Assert.Equal(weight * inputs.Values.At(b, kept, j), r.Context.At(b, t, j), 6);
            }
        }
    }

    [Fact]
    public void MaskOfTheWrongShape_ThrowsNamingTheShapes()
    {
        var attention = new DotAttention(3);
        var inputs = AttentionInputs.Make(3, 3);
        var e = Assert.Throws<ArgumentException>(() => attention.PrepareKeys(inputs.Keys, Tensor.FromArray(new float[4], 2, 2)));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[2, 2]", e.Message);
    }

    [Fact]
    public void ValuesOfTheWrongLength_ThrowNamingTheShapes()
    {
        var attention = new DotAttention(3);
        var inputs = AttentionInputs.Make(3, 3);
        var values = AttentionInputs.Make(3, 3, keys: 4).Values;
        var e = Assert.Throws<ArgumentException>(() => attention.Forward(inputs.Queries, inputs.Keys, values, inputs.Mask));
        Assert.Contains("[2, 3, dv]", e.Message);
        Assert.Contains("[2, 4, 2]", e.Message);
    }

    [Fact]
    public void KeysPreparedByAnotherModule_AreRejected()
    {
        var inputs = AttentionInputs.Make(3, 4);
        var prepared = new GeneralAttention(3, 4, new Random(1)).PrepareKeys(inputs.Keys, inputs.Mask);
        var e = Assert.Throws<ArgumentException>(() => new GeneralAttention(3, 4, new Random(2)).Attend(inputs.Queries, prepared, inputs.Values));
        Assert.Contains("another GeneralAttention", e.Message);
    }

    [Fact]
    public void LargeScores_DoNotOverflow()
    {
        // Dot scores 100 and 95 (exp(100) overflows float): by hand, softmax = [1, e⁻⁵] / (1 + e⁻⁵) = [0.9933071, 0.0066929].
        var r = new DotAttention(2).Forward(Hand.Batch1([100f, 95f]), Hand.Batch1([1f, 0f], [0f, 1f]), Hand.TwoValues());
        Hand.Near([0.9933071f, 0.0066929f], r.Weights);
    }
}

