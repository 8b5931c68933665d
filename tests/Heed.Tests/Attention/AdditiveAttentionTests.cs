using Heed.Attention;
using Heed.Tensors;

namespace Heed.Tests.Attention;

public class AdditiveAttentionTests
{
    [Fact]
    public void WorkedExample_MatchesHandCalculation()
    {
        // By hand: n = 2, W_a = U_a = I, bias 0, v_a = [1, 1], s = [0.5, 0], h₁ = [0, 0.5], h₂ = [−0.5, 0].
        // e₁ = tanh(0.5 + 0) + tanh(0 + 0.5) = 2·0.4621172 = 0.9242343; e₂ = tanh(0) + tanh(0) = 0.
        // a₁ = 1 / (1 + e^−0.9242343) = 1 / (1 + 0.3968352) = 0.7159041, a₂ = 0.2840959
        // → context [4·0.7159041, 8·0.2840959] = [2.8636164, 2.2727673].
        var attention = new AdditiveAttention(2, 2, 2, new Random(0));
        float[] identity = [1f, 0f, 0f, 1f];
        identity.CopyTo(attention.QueryProj.Weight.Span);
        identity.CopyTo(attention.KeyProj.Weight.Span);
        attention.KeyProj.Bias!.Span.Clear();
        attention.V.Span.Fill(1f);
        var r = attention.Forward(Hand.Batch1([0.5f, 0f]), Hand.Batch1([0f, 0.5f], [-0.5f, 0f]), Hand.TwoValues());
        Hand.Near([0.7159041f, 0.2840959f], r.Weights);
        Hand.Near([2.8636164f, 2.2727673f], r.Context);
    }

    [Fact]
    public void Gradients_MatchFiniteDifferences() =>
        AttentionGradCheck.CheckAttention(new AdditiveAttention(3, 4, 5, new Random(3)), AttentionInputs.Make(3, 4));

    [Fact]
    public void ParametersHavePyTorchStyleNames() =>
        Assert.Equal(["v", "query_proj.weight", "key_proj.weight", "key_proj.bias"],
            new AdditiveAttention(3, 4, 5, new Random(3)).NamedParameters().Select(p => p.Name));

    [Fact]
    public void PreparedKeysAreReusedAcrossSteps_SameAsForward()
    {
        // Decoder use: keys prepared once, one query per step; each step must equal a fresh Forward.
        var attention = new AdditiveAttention(3, 4, 5, new Random(3));
        var inputs = AttentionInputs.Make(3, 4, queries: 2);
        var prepared = attention.PrepareKeys(inputs.Keys, inputs.Mask);
        var full = attention.Forward(inputs.Queries, inputs.Keys, inputs.Values, inputs.Mask);
        for (int t = 0; t < 2; t++)
        {
            var step = attention.Attend(inputs.Queries.Slice(1, t, 1), prepared, inputs.Values);
            Hand.Near(full.Weights.Slice(1, t, 1).ToArray(), step.Weights);
            Hand.Near(full.Context.Slice(1, t, 1).ToArray(), step.Context);
        }
    }
}
