using Heed.Attention;
using Heed.Tensors;

namespace Heed.Tests.Attention;

public class MultiHeadAttentionTests
{
    [Fact]
    public void OneHead_EqualsScaledDotAttentionWithTheSameProjections()
    {
        var mha = new MultiHeadAttention(4, 1, new Random(20));
        var inputs = AttentionInputs.Make(4, 4, valueDim: 4);
        var r = mha.Forward(inputs.Queries, inputs.Keys, inputs.Values, inputs.Mask);
        var oracle = new ScaledDotAttention(4).Forward(
            mha.QueryProj.Forward(inputs.Queries), mha.KeyProj.Forward(inputs.Keys), mha.ValueProj.Forward(inputs.Values), inputs.Mask);
        Hand.Near(mha.OutProj.Forward(oracle.Context).ToArray(), r.Context);
        Hand.Near(oracle.Weights.ToArray(), r.Weights);
    }

    [Fact]
    public void TwoHeads_EqualScaledDotAttentionOnColumnSlices()
    {
        // Oracle: head j attends with columns [2j, 2j + 2) of the projections; the heads' contexts are concatenated.
        var mha = new MultiHeadAttention(4, 2, new Random(21));
        var inputs = AttentionInputs.Make(4, 4, valueDim: 4);
        var r = mha.Forward(inputs.Queries, inputs.Keys, inputs.Values, inputs.Mask, causal: true);
        Tensor q = mha.QueryProj.Forward(inputs.Queries), k = mha.KeyProj.Forward(inputs.Keys), v = mha.ValueProj.Forward(inputs.Values);
        var heads = Enumerable.Range(0, 2).Select(j => new ScaledDotAttention(2).Forward(
            q.Slice(2, 2 * j, 2), k.Slice(2, 2 * j, 2), v.Slice(2, 2 * j, 2), inputs.Mask, causal: true)).ToArray();
        Hand.Near(mha.OutProj.Forward(Ops.Concat(heads.Select(h => h.Context).ToArray(), 2)).ToArray(), r.Context);
        for (int j = 0; j < 2; j++)
            Hand.Near(heads[j].Weights.ToArray(), r.Weights.Select(1, j));
    }

    [Fact]
    public void Gradients_MatchFiniteDifferences()
    {
        var mha = new MultiHeadAttention(4, 2, new Random(22));
        var inputs = AttentionInputs.Make(4, 4, valueDim: 4);
        AttentionGradCheck.Check(
            () => AttentionGradCheck.Loss(mha.Forward(inputs.Queries, inputs.Keys, inputs.Values, inputs.Mask, causal: true)),
            [("queries", inputs.Queries), ("keys", inputs.Keys), ("values", inputs.Values), .. mha.NamedParameters()]);
    }

    [Fact]
    public void PreparedMemory_SelectedForBeams_EqualsForwardOnSelectedInputs()
    {
        var mha = new MultiHeadAttention(4, 2, new Random(23));
        var inputs = AttentionInputs.Make(4, 4, valueDim: 4);
        int[] beams = [1, 0, 1];
        var queries = inputs.Queries.SelectBatch(beams);
        var stepwise = mha.Attend(queries, mha.PrepareMemory(inputs.Keys, inputs.Values, inputs.Mask).Select(beams));
        var direct = mha.Forward(queries, inputs.Keys.SelectBatch(beams), inputs.Values.SelectBatch(beams), inputs.Mask!.SelectBatch(beams));
        Hand.Near(direct.Context.ToArray(), stepwise.Context);
        Hand.Near(direct.Weights.ToArray(), stepwise.Weights);
    }

    [Fact]
    public void Dropout_ActsOnlyWhileTraining_AndLeavesTheReturnedWeightsNormalised()
    {
        var mha = new MultiHeadAttention(4, 2, new Random(24), dropout: 0.5f, dropoutSeed: 1);
        var plain = new MultiHeadAttention(4, 2, new Random(24));
        var inputs = AttentionInputs.Make(4, 4, valueDim: 4, mask: false);
        var training = mha.Forward(inputs.Queries, inputs.Keys, inputs.Values);
        var reference = plain.Forward(inputs.Queries, inputs.Keys, inputs.Values);
        Assert.NotEqual(reference.Context.ToArray(), training.Context.ToArray());
        Hand.Near(reference.Weights.ToArray(), training.Weights);
        mha.Eval();
        Hand.Near(reference.Context.ToArray(), mha.Forward(inputs.Queries, inputs.Keys, inputs.Values).Context);
    }

    [Fact]
    public void ModelSizeNotAMultipleOfHeads_ThrowsNamingBoth()
    {
        var e = Assert.Throws<ArgumentException>(() => new MultiHeadAttention(6, 4, new Random(1)));
        Assert.Contains("d_model = 6", e.Message);
        Assert.Contains("h = 4", e.Message);
    }

    [Fact]
    public void ParametersHavePyTorchStyleNames() =>
        Assert.Equal(["q_proj.weight", "q_proj.bias", "k_proj.weight", "k_proj.bias", "v_proj.weight", "v_proj.bias", "out_proj.weight", "out_proj.bias"],
            new MultiHeadAttention(4, 2, new Random(1)).NamedParameters().Select(p => p.Name));
}
