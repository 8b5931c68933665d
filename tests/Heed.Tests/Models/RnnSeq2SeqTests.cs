using Heed.Config;
using Heed.Models;
using Heed.Tensors;
using Heed.Tensors.Memory;
using Heed.Tensors.Optim;

namespace Heed.Tests.Models;

public class RnnSeq2SeqTests
{
    private static RnnConfig Small(string decoder = "bahdanau", string rnn = "gru") =>
        new(Rnn: rnn, EmbeddingSize: 4, HiddenSize: 5, EncoderLayers: 1, DecoderLayers: 1, Decoder: decoder,
            Attention: "additive", AttentionSize: 0, Dropout: 0.2, TieEmbeddings: false, MaxSourceLength: 0);

    [Fact]
    public void ParameterCount_MatchesAHandCount_OfTheTutorialLayout()
    {
        // V_src 10, V_trg 12, E 4, H = D 5, GRU (3 gates), Bahdanau decoder, additive attention of width D:
        //   encoder embedding 10·4 = 40; bi-GRU 2 × (15·4 + 15·5 + 15 + 15) = 330; target embedding 12·4 = 48;
        //   bridge 10·5 + 5 = 55; attention W_a 5·5 + U_a (5·10 + 5) + v 5 = 85 (the tutorial's Linear(2H+D → D) + v);
        //   decoder GRU on [emb; ctx] (14): 15·14 + 15·5 + 30 = 315; output on [s; ctx; emb] (19): 19·12 + 12 = 240.
        //   Total 1,113.
        var model = new RnnSeq2Seq(Small(), sourceVocabulary: 10, targetVocabulary: 12, seed: 1);
        Assert.Equal(1113, model.ParameterCount());
    }

    [Fact]
    public void ParameterNames_AreHierarchical_LikePyTorch()
    {
        var names = new RnnSeq2Seq(Small(), 10, 12, seed: 1).NamedParameters().Select(p => p.Name).ToList();
        Assert.Contains("encoder.rnn.weight_ih_l0", names);
        Assert.Contains("encoder.rnn.weight_hh_l0_reverse", names);
        Assert.Contains("encoder.embedding.weight", names);
        Assert.Contains("output.weight", names);
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void SameSeed_SameModel_SameLoss()
    {
        float Loss(int seed)
        {
            var model = new RnnSeq2Seq(Small(), 10, 12, seed);
            var source = SourceBatch.FromSequences([[4, 5, 6, 3]], pad: 1);
            using var scope = TensorScope.Begin();
            return model.Loss(source, [2, 4, 5, 3], 4, 0).Loss.Item();
        }
        Assert.Equal(Loss(3), Loss(3));
        Assert.NotEqual(Loss(3), Loss(4));
    }

    [Fact]
    public void TiedEmbeddings_NeedLuongAndEqualSizes()
    {
        var e = Assert.Throws<HeedInputException>(() => new RnnSeq2Seq(Small() with { TieEmbeddings = true }, 10, 12, 1));
        Assert.Contains("tie_embeddings", e.Message);
        // Tied: the output layer has no weight of its own, so the model is smaller by exactly V_trg × D = 12 × 5.
        var untied = new RnnSeq2Seq(Small("luong") with { EmbeddingSize = 5 }, 10, 12, 1);
        var tied = new RnnSeq2Seq(Small("luong") with { TieEmbeddings = true, EmbeddingSize = 5 }, 10, 12, 1);
        Assert.Equal(untied.ParameterCount() - 60, tied.ParameterCount());
        Assert.DoesNotContain(tied.NamedParameters(), p => p.Name == "output.weight");
    }
}

[Collection(SerialCollection.Name)]
public class RnnSeq2SeqPoolTests
{
    private static RnnConfig Small(string decoder, string rnn) =>
        new(Rnn: rnn, EmbeddingSize: 4, HiddenSize: 5, EncoderLayers: 1, DecoderLayers: 1, Decoder: decoder,
            Attention: "additive", AttentionSize: 0, Dropout: 0.2, TieEmbeddings: false, MaxSourceLength: 0);

    [Theory]
    [InlineData("bahdanau", "gru")]
    [InlineData("luong", "lstm")]
    public void TrainingStep_InSteadyState_TakesNoNewPoolBuffers(string decoder, string rnn)
    {
        var model = new RnnSeq2Seq(Small(decoder, rnn), 10, 12, seed: 1);
        var adam = new Adam(model.NamedParameters());
        var source = SourceBatch.FromSequences([[4, 5, 6, 3], [7, 3]], pad: 1);
        int[] target = [2, 4, 5, 3, 2, 6, 3, 1]; // [2, 4]: BOS … EOS, padded
        void Step()
        {
            using var scope = TensorScope.Begin();
            var (loss, _) = model.Loss(source, target, 4, labelSmoothing: 0.1f);
            adam.ZeroGrad();
            loss.Backward();
            adam.Step();
        }
        // A few steps settle which size class serves which request (a miss may take a larger free buffer).
        for (int i = 0; i < 4; i++) Step();
        long before = BufferPool.AllocatedFloatsOnThisThread;
        Step();
        Step();
        Assert.Equal(before, BufferPool.AllocatedFloatsOnThisThread);
    }
}
