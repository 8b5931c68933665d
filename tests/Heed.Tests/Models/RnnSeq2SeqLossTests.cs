using Heed.Config;
using Heed.Models;
using Heed.Tensors;

namespace Heed.Tests.Models;

public class RnnSeq2SeqLossTests
{
    private static RnnConfig Config(string decoder) => new(
        Rnn: "gru", EmbeddingSize: 4, HiddenSize: 5, EncoderLayers: 1, DecoderLayers: 1, Decoder: decoder,
        Attention: "additive", AttentionSize: 0, Dropout: 0.3, TieEmbeddings: false, MaxSourceLength: 0);

    // Sentences of different target lengths, so the batch holds padding that Loss must skip. In the first batch the
    // longest target comes first; in the second it does not, so Loss's longest-first unroll reorders the rows.
    private static readonly SourceBatch[] Sources =
    [
        SourceBatch.FromSequences([[5, 6, 7, 3], [8, 3]], pad: 1),
        SourceBatch.FromSequences([[8, 3], [5, 6, 7, 3], [4, 4, 9, 3], [6, 3]], pad: 1),
    ];
    private static readonly int[][] Targets = // [B, T = 5], BOS … EOS then padding
    [
        [2, 4, 5, 6, 3, 2, 7, 3, 1, 1],
        [2, 7, 3, 1, 1, 2, 4, 5, 6, 3, 2, 5, 8, 3, 1, 2, 3, 1, 1, 1],
    ];
    private static readonly int[] TokensByHand = [4 + 2, 2 + 4 + 3 + 1]; // non-padding positions after BOS
    private const int TargetLength = 5;

    /// <summary>
    /// The oracle is <see cref="Seq2SeqModel.StepwiseLoss"/>: teacher forcing through the public step interface, one
    /// position at a time, the mean of the (smoothed) −log p(gold) over the non-padding positions (the output layer
    /// sees every row, padded ones included). The packed unroll must compute the same function.
    /// </summary>
    [Theory]
    [InlineData("bahdanau", 0, 0f)]
    [InlineData("luong", 0, 0f)]
    [InlineData("bahdanau", 1, 0f)]
    [InlineData("luong", 1, 0f)]
    [InlineData("bahdanau", 1, 0.1f)]
    [InlineData("luong", 0, 0.2f)]
    public void Loss_EqualsStepwiseTeacherForcing_ValueAndGradients(string decoder, int batch, float smoothing) =>
        AssertLossEqualsTheOracle(Config(decoder), batch, smoothing);

    /// <summary>Every mechanism of <c>model.attention</c>, soft and hard, under both decoders.</summary>
    public static TheoryData<string, string, string> Mechanisms()
    {
        var data = new TheoryData<string, string, string>();
        foreach (string attention in RnnConfig.Attentions)
            foreach (string decoder in RnnConfig.Decoders)
                foreach (string mode in RnnConfig.AttentionModes)
                    data.Add(decoder, attention, mode);
        return data;
    }

    /// <summary>
    /// The same oracle for every mechanism, on the batch that Loss reorders (longest target first): local-m's window
    /// centre p_t = t and local-p's S (each sentence's real length) must follow each sentence into its packed row.
    /// The window (D = 1) is narrower than the sources, so it matters; hard attention is compared in evaluation mode,
    /// where it is the argmax (training samples, and is tested on its own).
    /// </summary>
    [Theory]
    [MemberData(nameof(Mechanisms))]
    public void Loss_EqualsStepwiseTeacherForcing_ForEveryMechanism(string decoder, string attention, string mode) =>
        AssertLossEqualsTheOracle(Config(decoder) with { Attention = attention, AttentionMode = mode, Window = 1 }, batch: 1, smoothing: 0.1f);

    private static void AssertLossEqualsTheOracle(RnnConfig config, int batch, float smoothing)
    {
        var model = new RnnSeq2Seq(config, sourceVocabulary: 10, targetVocabulary: 9, seed: 7);
        model.Eval(); // no dropout: both paths compute the same function
        var (Source, Target) = (Sources[batch], Targets[batch]);

        var (loss, tokens) = model.Loss(Source, Target, TargetLength, labelSmoothing: smoothing);
        Assert.Equal(TokensByHand[batch], tokens);
        loss.Backward();
        // A parameter no gradient reached (hard attention's score, under the argmax) has none: read it as zeros.
        float[] Gradient(Tensor p) => p.Grad?.ToArray() ?? new float[p.Length];
        var grads = model.NamedParameters().ToDictionary(p => p.Name, p => Gradient(p.Parameter));

        foreach (var (_, p) in model.NamedParameters()) p.ZeroGrad();
        var (reference, referenceTokens) = model.StepwiseLoss(Source, Target, TargetLength, labelSmoothing: smoothing);
        Assert.Equal(TokensByHand[batch], referenceTokens);
        reference.Backward();

        // Float summation order differs (the oracle sums step by step, Loss over the packed rows): agree to ~1e-6.
        Assert.True(Math.Abs(reference.Item() - loss.Item()) <= 1e-5f * (1 + Math.Abs(reference.Item())),
            $"Loss gives {loss.Item()}, the step-wise oracle {reference.Item()}");
        foreach (var (name, p) in model.NamedParameters())
        {
            var expected = Gradient(p);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - grads[name][i]) <= 1e-5f + 1e-4f * Math.Abs(expected[i]),
                    $"{name}[{i}]: Loss gives {grads[name][i]}, the step-wise oracle {expected[i]}");
        }
    }
}
