using Heed.Decoding;
using Heed.Models;

namespace Heed.Tests.Models.Transformer;

/// <summary>Bad configurations and inputs fail as <see cref="HeedInputException"/> naming the key and the sizes.</summary>
public class TransformerInputErrorTests
{
    [Fact]
    public void ModelDimNotAMultipleOfHeads_NamesBothKeysAndSizes()
    {
        var e = Assert.Throws<HeedInputException>(() => TinyTransformer.Model(TinyTransformer.Config(modelDim: 10, heads: 4)));
        Assert.Contains("model.d_model = 10", e.Message);
        Assert.Contains("model.heads = 4", e.Message);
    }

    [Fact]
    public void SharedEmbeddingsWithVocabulariesOfTwoSizes_NamesTheKeyAndBothSizes()
    {
        var e = Assert.Throws<HeedInputException>(() => new Heed.Models.Transformer.TransformerSeq2Seq(TinyTransformer.Config(share: true), 12, 15, seed: 1));
        Assert.Contains("model.share_embeddings", e.Message);
        Assert.Contains("12", e.Message);
        Assert.Contains("15", e.Message);
    }

    [Theory]
    [InlineData("norm")]
    [InlineData("positions")]
    [InlineData("activation")]
    public void UnknownChoice_NamesTheKeyAndTheValidValues(string key)
    {
        var c = TinyTransformer.Config();
        c = key switch { "norm" => c with { Norm = "middle" }, "positions" => c with { Positions = "rotary" }, _ => c with { Activation = "swish" } };
        var e = Assert.Throws<HeedInputException>(() => TinyTransformer.Model(c));
        Assert.Contains($"model.{key}", e.Message);
    }

    [Fact]
    public void SourceLongerThanMaxPositions_NamesTheKeyAndTheLength()
    {
        var model = TinyTransformer.Model(TinyTransformer.Config(maxPositions: 4));
        var source = SourceBatch.FromSequences([[4, 5, 6, 7, 3]], pad: 1);
        var e = Assert.Throws<HeedInputException>(() => model.Loss(source, [2, 4, 3], 3, 0f));
        Assert.Contains("model.max_positions = 4", e.Message);
        Assert.Contains("length 5", e.Message);
    }

    [Fact]
    public void TargetLongerThanMaxPositions_NamesTheKeyAndTheLength()
    {
        var model = TinyTransformer.Model(TinyTransformer.Config(maxPositions: 4));
        var source = SourceBatch.FromSequences([[4, 3]], pad: 1);
        var e = Assert.Throws<HeedInputException>(() => model.Loss(source, [2, 4, 5, 6, 7, 3], 6, 0f));
        Assert.Contains("model.max_positions = 4", e.Message);
        Assert.Contains("length 5", e.Message);
    }

    [Fact]
    public void SearchStopsAtMaxPositions_InsteadOfRunningPastTheTable()
    {
        // Ratio 5 × 2 source tokens asks for 10 steps; the table has 4 positions (BOS at 0), so search stops at 4
        // outputs — and stepping the model directly past it is still an error naming the key.
        var model = TinyTransformer.Model(TinyTransformer.Config(maxPositions: 4));
        model.Eval();
        var source = SourceBatch.FromSequences([[4, 3]], pad: 1);
        var options = new SearchOptions(MaxLengthRatio: 5, StopAtEos: false);
        Assert.All(GreedySearch.Decode(model, source, options), h => Assert.Equal(4, h.Tokens.Length));
        Assert.All(BeamSearch.Decode(model, source, options with { Beam = 2 })[0], h => Assert.True(h.Tokens.Length <= 4));
        using var noGrad = Heed.Tensors.Autodiff.GradMode.NoGrad();
        var encoded = model.Encode(source);
        var state = model.Start(encoded);
        for (int t = 0; t < 4; t++) state = model.Step(encoded, state, [2]).State;
        var e = Assert.Throws<HeedInputException>(() => model.Step(encoded, state, [2]));
        Assert.Contains("model.max_positions = 4", e.Message);
    }
}
