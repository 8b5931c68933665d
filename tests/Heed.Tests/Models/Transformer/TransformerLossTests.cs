using Heed.Models;
using Heed.Models.Transformer;
using Heed.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Memory;

namespace Heed.Tests.Models.Transformer;

/// <summary><see cref="TransformerSeq2Seq.Loss"/> against teacher forcing through the search interface.</summary>
public class TransformerLossTests
{
    /// <summary>
    /// The oracle: Encode, Start, then Step on the gold prefix one position at a time, the mean of −log p(gold) over the
    /// non-padding gold tokens (every row is stepped; padded positions add nothing). With label smoothing ε the target
    /// distribution is (1 − ε)·one-hot + ε/V, so a token costs (1 − ε)·(−log p_gold) + ε·mean_v(−log p_v).
    /// </summary>
    private static Tensor StepwiseLoss(TransformerSeq2Seq model, SourceBatch source, int[] target, int length, float smoothing = 0f)
    {
        int b = source.Batch, vocab = model.TargetVocabulary;
        var encoded = model.Encode(source);
        var state = model.Start(encoded);
        Tensor? total = null;
        int tokens = 0;
        for (int t = 0; t < length - 1; t++)
        {
            var previous = Enumerable.Range(0, b).Select(r => target[r * length + t]).ToArray();
            var result = model.Step(encoded, state, previous);
            state = result.State;
            var pick = new float[b * vocab];
            for (int r = 0; r < b; r++)
            {
                int gold = target[r * length + t + 1];
                if (gold == model.PadId) continue;
                for (int v = 0; v < vocab; v++) pick[r * vocab + v] = smoothing / vocab;
                pick[r * vocab + gold] += 1f - smoothing;
                tokens++;
            }
            var nll = result.LogProbs.Mul(Tensor.FromArray(pick, b, vocab)).Sum().Neg();
            total = total is null ? nll : total.Add(nll);
        }
        return total!.Scale(1f / tokens);
    }

    [Theory]
    [InlineData("post", "sinusoidal", "relu", false, 0f)]
    [InlineData("pre", "learned", "gelu", true, 0f)]
    [InlineData("post", "learned", "gelu", true, 0.1f)]
    public void Loss_EqualsStepwiseTeacherForcing_ValueAndGradients(string norm, string positions, string activation, bool tie, float smoothing)
    {
        var model = TinyTransformer.Model(TinyTransformer.Config(norm, positions, activation, tie: tie, dropout: 0.2));
        model.Eval(); // no dropout: both paths compute the same function
        var source = TinyTransformer.Sources();
        var target = TinyTransformer.Targets;

        var (loss, tokens) = model.Loss(source, target, TinyTransformer.TargetLength, labelSmoothing: smoothing);
        Assert.Equal(4 + 2 + 5, tokens); // non-padding positions after BOS, counted by hand
        loss.Backward();
        var grads = model.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad!.ToArray());

        // With gradients on, steps re-run the decoder over the prefix: the oracle is differentiable.
        model.ZeroGrad();
        var reference = StepwiseLoss(model, source, target, TinyTransformer.TargetLength, smoothing);
        reference.Backward();
        Assert.True(Math.Abs(reference.Item() - loss.Item()) <= 1e-5f * (1 + Math.Abs(reference.Item())),
            $"Loss gives {loss.Item()}, the step-wise oracle {reference.Item()}");
        foreach (var (name, p) in model.NamedParameters())
        {
            var expected = p.Grad!.ToArray();
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - grads[name][i]) <= 1e-5f + 1e-4f * Math.Abs(expected[i]),
                    $"{name}[{i}]: Loss gives {grads[name][i]}, the step-wise oracle {expected[i]}");
        }

        // Under no-grad the steps read the KV cache: the same value.
        using var noGrad = GradMode.NoGrad();
        using var scope = TensorScope.Begin();
        float cached = StepwiseLoss(model, source, target, TinyTransformer.TargetLength, smoothing).Item();
        Assert.True(Math.Abs(reference.Item() - cached) <= 1e-5f * (1 + Math.Abs(cached)), $"cached steps give {cached}, Loss {loss.Item()}");
    }

    [Fact]
    public void Loss_InTrainingMode_RepeatsForASeed_AndDropoutChangesIt()
    {
        float Run(bool training)
        {
            var model = TinyTransformer.Model(TinyTransformer.Config(dropout: 0.3), seed: 4);
            model.Train(training);
            return model.Loss(TinyTransformer.Sources(), TinyTransformer.Targets, TinyTransformer.TargetLength, 0f).Loss.Item();
        }
        Assert.Equal(Run(true), Run(true));
        Assert.NotEqual(Run(false), Run(true));
    }
}
