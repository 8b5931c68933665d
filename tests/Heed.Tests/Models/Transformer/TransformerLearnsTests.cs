using Heed.Decoding;
using Heed.Models;
using Heed.Tensors;
using Heed.Tensors.Memory;
using Heed.Tensors.Optim;

namespace Heed.Tests.Models.Transformer;

/// <summary>End to end: a tiny Transformer learns to reverse short sequences with the engine's Adam.</summary>
public class TransformerLearnsTests
{
    private const int Symbols = 6, FirstSymbol = 4; // ids 4 … 9; 1 pad, 2 BOS, 3 EOS

    private static int[] RandomSequence(Random random) =>
        Enumerable.Range(0, random.Next(3, 6)).Select(_ => FirstSymbol + random.Next(Symbols)).ToArray();

    [Theory]
    [InlineData("pre")]
    [InlineData("post")]
    public void ReverseTask_LossFalls_AndGreedyOutputIsMostlyRight(string norm)
    {
        using var threads = Parallelism.Use(1); // tiny ops: handing them to a second thread costs more than it saves
        var config = TinyTransformer.Config(norm, "sinusoidal", modelDim: 32, heads: 4, feedForward: 64, layers: 1, dropout: 0.0);
        var model = TinyTransformer.Model(config, vocabulary: FirstSymbol + Symbols, seed: 11);
        var adam = new Adam(model.NamedParameters(), learningRate: 3e-3f);
        var random = new Random(12);
        float first = 0, last = 0;
        const int steps = 400, batch = 32; // post-norm at 250 steps sat at the edge (21–35 of 40, by float rounding alone)
        for (int step = 0; step < steps; step++)
        {
            var sequences = Enumerable.Range(0, batch).Select(_ => RandomSequence(random)).ToArray();
            var source = SourceBatch.FromSequences(sequences.Select(s => (int[])[.. s, 3]).ToList(), pad: 1);
            int length = sequences.Max(s => s.Length) + 2;
            var target = new int[batch * length];
            Array.Fill(target, 1);
            for (int b = 0; b < batch; b++)
            {
                int[] row = [2, .. sequences[b].Reverse(), 3];
                row.CopyTo(target, b * length);
            }
            using var scope = TensorScope.Begin();
            var (loss, _) = model.Loss(source, target, length, labelSmoothing: 0f);
            adam.ZeroGrad();
            loss.Backward();
            adam.Step();
            if (step == 0) first = loss.Item();
            if (step >= steps - 10) last += loss.Item() / 10;
        }
        Assert.True(last < first / 5, $"loss went from {first} to {last} (mean of the last 10 steps)");

        model.Eval();
        var heldOut = Enumerable.Range(0, 40).Select(_ => RandomSequence(new Random(random.Next()))).ToArray();
        var outputs = GreedySearch.Decode(model, SourceBatch.FromSequences(heldOut.Select(s => (int[])[.. s, 3]).ToList(), pad: 1), new SearchOptions(MaxLengthRatio: 2));
        int right = heldOut.Where((s, i) => outputs[i].Tokens.SequenceEqual(s.Reverse())).Count();
        Assert.True(right >= 32, $"{right} of 40 held-out sequences reversed right");
    }
}
