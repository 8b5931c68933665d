using Heed.Config;
using Heed.Models;
using Heed.Tensors;

namespace Heed.Tests.Models;

public class RnnSeq2SeqLossTests
{
    private static ModelConfig Config(string decoder) => new(
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
    /// The oracle: teacher forcing through the public step interface, one position at a time, the mean of
    /// −log p(gold) over the non-padding positions (the output layer sees every row, padded ones included).
    /// </summary>
    private static Tensor StepwiseLoss(RnnSeq2Seq model, SourceBatch Source, int[] Target)
    {
        int b = Source.Batch, steps = TargetLength - 1, vocab = model.TargetVocabulary;
        var encoded = model.Encode(Source);
        var state = model.Start(encoded);
        Tensor? total = null;
        int tokens = 0;
        for (int t = 0; t < steps; t++)
        {
            var previous = Enumerable.Range(0, b).Select(r => Target[r * TargetLength + t]).ToArray();
            var result = model.Step(encoded, state, previous);
            state = result.State;
            var pick = new float[b * vocab];
            for (int r = 0; r < b; r++)
            {
                int gold = Target[r * TargetLength + t + 1];
                if (gold == model.PadId) continue;
                pick[r * vocab + gold] = 1f;
                tokens++;
            }
            var nll = result.LogProbs.Mul(Tensor.FromArray(pick, b, vocab)).Sum().Neg();
            total = total is null ? nll : total.Add(nll);
        }
        return total!.Scale(1f / tokens);
    }

    [Theory]
    [InlineData("bahdanau", 0)]
    [InlineData("luong", 0)]
    [InlineData("bahdanau", 1)]
    [InlineData("luong", 1)]
    public void Loss_EqualsStepwiseTeacherForcing_ValueAndGradients(string decoder, int batch)
    {
        var model = new RnnSeq2Seq(Config(decoder), sourceVocabulary: 10, targetVocabulary: 9, seed: 7);
        model.Eval(); // no dropout: both paths compute the same function
        var (Source, Target) = (Sources[batch], Targets[batch]);

        var (loss, tokens) = model.Loss(Source, Target, TargetLength, labelSmoothing: 0f);
        Assert.Equal(TokensByHand[batch], tokens);
        loss.Backward();
        var grads = model.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad!.ToArray());

        foreach (var (_, p) in model.NamedParameters()) p.ZeroGrad();
        var reference = StepwiseLoss(model, Source, Target);
        reference.Backward();

        // Float summation order differs (the oracle sums step by step, Loss over the packed rows): agree to ~1e-6.
        Assert.True(Math.Abs(reference.Item() - loss.Item()) <= 1e-5f * (1 + Math.Abs(reference.Item())),
            $"Loss gives {loss.Item()}, the step-wise oracle {reference.Item()}");
        foreach (var (name, p) in model.NamedParameters())
        {
            var expected = p.Grad!.ToArray();
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - grads[name][i]) <= 1e-5f + 1e-4f * Math.Abs(expected[i]),
                    $"{name}[{i}]: Loss gives {grads[name][i]}, the step-wise oracle {expected[i]}");
        }
    }
}
