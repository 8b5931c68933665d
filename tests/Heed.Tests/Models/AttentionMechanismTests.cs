using Heed.Config;
using Heed.Models;
using Heed.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Memory;
using Heed.Tests.Nn;

namespace Heed.Tests.Models;

/// <summary>The mechanisms of <c>model.attention</c> inside the RNN model: local attention's position, the table
/// step's agreement with the direct step, and hard attention's training gradient.</summary>
public class AttentionMechanismTests
{
    private static RnnConfig Config(string attention, string decoder = "bahdanau", string mode = "soft", int window = 1, double dropout = 0.2) => new(
        Rnn: "gru", EmbeddingSize: 6, HiddenSize: 8, EncoderLayers: 1, DecoderLayers: 1, Decoder: decoder,
        Attention: attention, AttentionSize: 0, Dropout: dropout, TieEmbeddings: false, MaxSourceLength: 0,
        Window: window, AttentionMode: mode);

    private static RnnSeq2Seq Model(RnnConfig config)
    {
        var model = new RnnSeq2Seq(config, sourceVocabulary: 12, targetVocabulary: 15, seed: 3);
        model.Eval();
        return model;
    }

    // Real lengths 5, 2, 4, 3 (with EOS).
    private static SourceBatch Sources() =>
        SourceBatch.FromSequences([[4, 5, 6, 7, 3], [8, 3], [9, 10, 11, 3], [5, 5, 3]], pad: 1);

    [Theory]
    [InlineData("bahdanau", false)]
    [InlineData("bahdanau", true)]
    [InlineData("luong", false)]
    public void LocalM_WithNoWidth_AttendsToPositionT_ClampedToTheLastRealWord(string decoder, bool tables)
    {
        // By hand: with D = 0 the window of step t holds the one position min(t, L − 1), so its softmax is 1 there.
        // Beam-style reordering between steps must keep every row's position t.
        var model = Model(Config("local-m", decoder, window: 0));
        model.UseContextTables = tables;
        var source = Sources();
        int[] lengths = source.Lengths;
        using var noGrad = GradMode.NoGrad();
        using var scope = TensorScope.Begin();
        var encoded = model.Encode(source);
        Assert.Equal(tables, RnnSeq2Seq.HasContextTables(encoded));
        var state = model.Start(encoded);
        int[] rows = [0, 1, 2, 3];
        for (int t = 0; t < 7; t++)
        {
            var result = model.Step(encoded, state, Enumerable.Repeat(2 + t, 4).ToArray());
            var weights = result.Attention.ToArray();
            for (int r = 0; r < 4; r++)
            {
                var expected = new float[source.MaxLength];
                expected[Math.Min(t, lengths[rows[r]] - 1)] = 1f;
                Assert.Equal(expected, weights[(r * source.MaxLength)..((r + 1) * source.MaxLength)]);
            }
            int[] reorder = [3, 0, 2, 1];
            rows = reorder.Select(i => rows[i]).ToArray();
            (encoded, state) = (encoded.Select(reorder), result.State.Select(reorder));
        }
    }

    /// <summary>Every mechanism under the Bahdanau decoder (the only one with a table step), soft and hard.</summary>
    public static TheoryData<string, string> TableMechanisms()
    {
        var data = new TheoryData<string, string>();
        foreach (string attention in RnnConfig.Attentions)
            foreach (string mode in RnnConfig.AttentionModes)
                data.Add(attention, mode);
        return data;
    }

    [Theory]
    [MemberData(nameof(TableMechanisms))]
    public void TableStep_EqualsTheDirectStep_ForEveryMechanism(string attention, string mode)
    {
        // The oracle is the direct step (the context formed, then multiplied by the full weights).
        var model = Model(Config(attention, mode: mode));
        var source = Sources();
        using var noGrad = GradMode.NoGrad();
        using var scope = TensorScope.Begin();
        model.UseContextTables = false;
        var direct = model.Encode(source);
        model.UseContextTables = true;
        var tabled = model.Encode(source);
        Assert.True(RnnSeq2Seq.HasContextTables(tabled));
        var (sa, sb) = (model.Start(direct), model.Start(tabled));
        int[] tokens = [2, 2, 2, 2];
        for (int t = 0; t < 6; t++)
        {
            var ra = model.Step(direct, sa, tokens);
            var rb = model.Step(tabled, sb, tokens);
            // Log-probabilities are O(3) here: 5e-4 absolute is the table test's 1e-4 relative.
            Close.Assert(ra.Attention.ToArray(), rb.Attention.ToArray(), 1e-5f, $"{attention} {mode}: attention at step {t}");
            Close.Assert(ra.LogProbs.ToArray(), rb.LogProbs.ToArray(), 5e-4f, $"{attention} {mode}: log-probs at step {t}");
            tokens = Enumerable.Range(0, 4).Select(r => 4 + (r + t) % 10).ToArray();
            (sa, sb) = (ra.State, rb.State);
        }
    }

    [Theory]
    [InlineData("general", "bahdanau")]
    [InlineData("local-p", "luong")]
    [InlineData("additive", "luong")]
    public void HardAttention_Trains_ItsScore_WhileTheArgmaxAloneWouldNot(string attention, string decoder)
    {
        // Training mode: the straight-through estimator gives the score's parameters a gradient; evaluation mode (the
        // argmax, no estimator) gives them none — the two differ only in the estimator.
        var model = new RnnSeq2Seq(Config(attention, decoder, mode: "hard", window: 2, dropout: 0), sourceVocabulary: 12, targetVocabulary: 15, seed: 3);
        var source = Sources();
        int[] target = [2, 4, 5, 6, 3, 2, 7, 3, 1, 1, 2, 8, 9, 10, 3, 2, 11, 3, 1, 1];
        float ScoreGradient()
        {
            foreach (var (_, p) in model.NamedParameters()) p.ZeroGrad();
            model.Loss(source, target, 5, 0f).Loss.Backward();
            return model.NamedParameters().Where(p => p.Name.StartsWith("attention.", StringComparison.Ordinal))
                .Sum(p => p.Parameter.Grad is null ? 0f : p.Parameter.Grad.ToArray().Sum(MathF.Abs));
        }
        model.Train();
        Assert.True(ScoreGradient() > 0, "training gives the score a gradient");
        model.Eval();
        Assert.Equal(0f, ScoreGradient());
    }

    [Fact]
    public void HardAttention_InTraining_AttendsToOneWordPerStep()
    {
        var model = new RnnSeq2Seq(Config("general", mode: "hard", dropout: 0), sourceVocabulary: 12, targetVocabulary: 15, seed: 3);
        var source = Sources();
        var encoded = model.Encode(source);
        var result = model.Step(encoded, model.Start(encoded), [2, 2, 2, 2]);
        var w = result.Attention.ToArray();
        for (int r = 0; r < 4; r++)
        {
            var row = w[(r * source.MaxLength)..((r + 1) * source.MaxLength)];
            Assert.Equal(1, row.Count(x => x == 1f));
            Assert.Equal(source.MaxLength - 1, row.Count(x => x == 0f));
            Assert.True(Array.IndexOf(row, 1f) < source.Lengths[r], "never a padding position");
        }
    }

    [Fact]
    public void Location_SourceLongerThanItsLength_IsAConfigError()
    {
        var model = Model(Config("location") with { MaxSourceLength = 3 });
        var e = Assert.Throws<HeedInputException>(() => model.Encode(Sources()));
        Assert.Contains("model.max_source_length is 3", e.Message);
    }
}
