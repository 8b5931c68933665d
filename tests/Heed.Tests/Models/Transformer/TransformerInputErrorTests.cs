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
    public void SearchPastMaxPositions_NamesTheKey()
    {
        var model = TinyTransformer.Model(TinyTransformer.Config(maxPositions: 4));
        model.Eval();
        var source = SourceBatch.FromSequences([[4, 3]], pad: 1);
        var e = Assert.Throws<HeedInputException>(() => GreedySearch.Decode(model, source, new SearchOptions(MaxLengthRatio: 5, StopAtEos: false)));
        Assert.Contains("model.max_positions = 4", e.Message);
        Assert.Contains("length 5", e.Message);
    }
}
