using Heed.Decoding;
using Heed.Models;
using Heed.Models.Transformer;
using Heed.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Memory;
using Heed.Tests.Attention;

namespace Heed.Tests.Models.Transformer;

/// <summary>
/// The KV cache against its oracle: the same model with <c>UseCache = false</c>, whose every step re-runs the decoder
/// over the whole prefix. Both searches must give the same tokens, scores and attention.
/// </summary>
public class TransformerCacheTests
{
    private static void AssertSameHypotheses(Hypothesis expected, Hypothesis actual)
    {
        Assert.Equal(expected.Tokens, actual.Tokens);
        Assert.Equal(expected.LogProb, actual.LogProb, 4);
        Assert.Equal(expected.Score, actual.Score, 4);
        Assert.Equal(expected.Attention.Length, actual.Attention.Length);
        for (int t = 0; t < expected.Attention.Length; t++)
            for (int s = 0; s < expected.Attention[t].Length; s++)
                Assert.Equal(expected.Attention[t][s], actual.Attention[t][s], 4);
    }

    [Theory]
    [InlineData("post", "sinusoidal")]
    [InlineData("pre", "learned")]
    public void Greedy_CachedEqualsRecomputed(string norm, string positions)
    {
        var model = TinyTransformer.Model(TinyTransformer.Config(norm, positions), seed: 3);
        model.Eval();
        // Without EOS stopping every row runs to its limit, so late steps (long caches, grown stores) are compared.
        var options = new SearchOptions(MaxLengthRatio: 5, MaxLength: 20, StopAtEos: false);
        var cached = GreedySearch.Decode(model, TinyTransformer.Sources(), options);
        model.UseCache = false;
        var recomputed = GreedySearch.Decode(model, TinyTransformer.Sources(), options);
        Assert.Equal(10, cached[1].Tokens.Length); // source 2 (length 2) is limited to 10 tokens
        for (int r = 0; r < cached.Length; r++) AssertSameHypotheses(recomputed[r], cached[r]);
    }

    [Theory]
    [InlineData("post")]
    [InlineData("pre")]
    public void Beam_CachedEqualsRecomputed_WithReordering(string norm)
    {
        var model = TinyTransformer.Model(TinyTransformer.Config(norm), seed: 5);
        model.Eval();
        var options = new SearchOptions(Beam: 3, Alpha: 0.6, MaxLengthRatio: 3, MaxLength: 12, NBest: 3);
        var cached = BeamSearch.Decode(model, TinyTransformer.Sources(), options);
        model.UseCache = false;
        var recomputed = BeamSearch.Decode(model, TinyTransformer.Sources(), options);
        for (int s = 0; s < cached.Count; s++)
        {
            Assert.Equal(recomputed[s].Length, cached[s].Length);
            for (int n = 0; n < cached[s].Length; n++) AssertSameHypotheses(recomputed[s][n], cached[s][n]);
        }
    }

    [Fact]
    public void Select_ReordersTheCache_AsStepsOnReorderedRowsWould()
    {
        // Beam reordering made explicit: step two rows, reorder them (one repeated), step again; the oracle steps
        // the reordered token prefixes from scratch without a cache.
        var model = TinyTransformer.Model(TinyTransformer.Config(), seed: 8);
        model.Eval();
        using var noGrad = GradMode.NoGrad();
        using var scope = TensorScope.Begin();
        var source = TinyTransformer.Sources().Rows(0, 2);
        var encoded = model.Encode(source);
        var state = model.Start(encoded);
        state = model.Step(encoded, state, [2, 2]).State;
        state = model.Step(encoded, state, [5, 9]).State;
        int[] order = [1, 1, 0];
        var reordered = model.Step(encoded.Select(order), state.Select(order), [4, 7, 6]);

        model.UseCache = false;
        var oracleEncoded = model.Encode(source.Select(order));
        var oracle = model.Start(oracleEncoded);
        oracle = model.Step(oracleEncoded, oracle, [2, 2, 2]).State;
        oracle = model.Step(oracleEncoded, oracle, [9, 9, 5]).State;
        var expected = model.Step(oracleEncoded, oracle, [4, 7, 6]);
        Hand.Near(expected.Scores.ToArray(), reordered.Scores);
        Hand.Near(expected.Attention.ToArray(), reordered.Attention);
    }

    [Fact]
    public void SteppingAnOlderStateAgain_LeavesItsSuccessorIntact()
    {
        // The cache appends in place for the newest state; stepping an older state must fork, not overwrite.
        var model = TinyTransformer.Model(TinyTransformer.Config(), seed: 9);
        model.Eval();
        using var noGrad = GradMode.NoGrad();
        using var scope = TensorScope.Begin();
        var encoded = model.Encode(TinyTransformer.Sources());
        var start = model.Step(encoded, model.Start(encoded), [2, 2, 2]).State;
        var first = model.Step(encoded, start, [4, 4, 4]).State;
        var firstNext = model.Step(encoded, first, [5, 5, 5]).Scores.ToArray();
        model.Step(encoded, start, [9, 9, 9]); // forks: position 1 is already taken by `first`
        Hand.Near(firstNext, model.Step(encoded, first, [5, 5, 5]).Scores);
    }

    [Fact]
    public void StepsPastTheFirstCapacity_GrowTheCache_AndStillEqualRecomputing()
    {
        // Encode without SearchWork starts the caches with room for 16 positions; 20 steps make them grow.
        var model = TinyTransformer.Model(TinyTransformer.Config("pre"), seed: 10);
        model.Eval();
        using var noGrad = GradMode.NoGrad();
        using var scope = TensorScope.Begin();
        var source = TinyTransformer.Sources();
        var encoded = model.Encode(source);
        var cached = model.Start(encoded);
        model.UseCache = false;
        var recomputed = model.Start(encoded);
        model.UseCache = true;
        int[] tokens = [2, 2, 2];
        for (int t = 0; t < 20; t++)
        {
            var a = model.Step(encoded, cached, tokens);
            var b = model.Step(encoded, recomputed, tokens);
            Hand.Near(b.Scores.ToArray(), a.Scores, 1e-4f);
            Hand.Near(b.Attention.ToArray(), a.Attention);
            (cached, recomputed) = (a.State, b.State);
            tokens = [4 + t % 7, 5 + t % 5, 6 + t % 3];
        }
    }
}
