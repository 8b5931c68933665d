using Heed.Pointer;
using Heed.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Optim;

namespace Heed.Tests.Pointer;

public class PointerNetworkTests
{
    private static PointerNetwork Tiny(bool mask = true, int seed = 1) => new(new PointerNetworkConfig(1, 3, 3, 3, mask), seed);

    private static PointerBatch SortBatch(int seed, int size, int n)
    {
        var random = new Random(seed);
        return new PointerBatch(Enumerable.Range(0, size).Select(_ => new SortProblem().Sample(random, n)).ToList());
    }

    [Fact]
    public void Loss_GradientsOfEveryParameterMatchFiniteDifferences()
    {
        var model = Tiny();
        var batch = SortBatch(1, 2, 3);
        GradientCheck.AssertGradients(() => [model.Loss(batch)], model.Parameters().ToList());
    }

    [Fact]
    public void Batch_TargetsEndWithTheEndPositionAndPadWithIgnore()
    {
        var batch = new PointerBatch([new PointerExample([0, 0, 1, 1, 2, 0], 3, 2, [0, 2, 1]), new PointerExample([0, 0, 1, 1, 2, 0], 3, 2, [1])]);
        Assert.Equal(4, batch.Steps);
        Assert.Equal([1, 3, 2, 0, 2, 0, PointerBatch.Ignore, PointerBatch.Ignore], batch.TargetPositions);
        Assert.Equal([1, 3, 2, 2, 0, 0], batch.PreviousPositions());
        // Row 0 at step 2 has chosen positions 1 and 3 before it.
        var mask = batch.ChosenMask(4).ToArray();
        Assert.Equal([0, PointerNetwork.MaskedScore, 0, PointerNetwork.MaskedScore], mask.AsSpan(2 * 4, 4).ToArray());
    }

    [Fact]
    public void TeacherForcedScores_EqualStepByStepScores()
    {
        // Oracle: the decoder run one step at a time, fed the target's previous element, as decoding runs it.
        var model = Tiny(mask: false);
        var batch = SortBatch(2, 3, 4);
        using var noGrad = GradMode.NoGrad();
        var all = model.TeacherForcedScores(batch).ToArray();
        var encoding = model.Encode(batch.Inputs);
        Tensor input = model.FirstInput(3), h = encoding.H, c = encoding.C;
        var previous = batch.PreviousPositions();
        for (int t = 0; t < batch.Steps; t++)
        {
            Tensor scores;
            (scores, h, c) = model.Step(encoding, input, h, c);
            for (int b = 0; b < 3; b++)
                for (int j = 0; j < 5; j++)
                    Assert.Equal(all[(b * batch.Steps + t) * 5 + j], scores.At(b, j), 5);
            if (t < batch.Steps - 1)
                input = encoding.Gather(Enumerable.Range(0, 3).Select(b => previous[b * (batch.Steps - 1) + t]).ToArray(), 1);
        }
    }

    [Fact]
    public void Greedy_WithMasking_NeverPointsTwiceAndGivesChosenPositionsNoWeight()
    {
        var model = Tiny();
        model.Eval();
        var random = new Random(3);
        var examples = Enumerable.Range(0, 5).Select(_ => new SortProblem().Sample(random, 6)).ToList();
        foreach (var p in PointerSearch.Greedy(model, examples))
        {
            // An untrained network may point at the end early, but never at an input twice.
            Assert.Equal(p.Indices.Length, p.Indices.Distinct().Count());
            Assert.Equal(p.Indices.Length + 1, p.Weights.Length);                // every pointer and the end
            Assert.All(p.Weights, w => Assert.Equal(1f, w.Sum(), 4));
            for (int t = 1; t < p.Weights.Length; t++)
                for (int k = 0; k < t; k++) Assert.Equal(0f, p.Weights[t][p.Indices[k] + 1]);
        }
    }

    [Fact]
    public void Beam_FindsAnAnswerAtLeastAsProbableAsGreedy()
    {
        var model = Tiny(seed: 4);
        model.Eval();
        var random = new Random(4);
        var examples = Enumerable.Range(0, 6).Select(_ => new ConvexHullProblem().Sample(random, 5)).ToList();
        var hull = new PointerNetwork(new PointerNetworkConfig(2, 4, 4, 4), seed: 4);
        hull.Eval();
        var greedy = PointerSearch.Greedy(hull, examples);
        var beam = PointerSearch.Beam(hull, examples, 4);
        for (int i = 0; i < examples.Count; i++) Assert.True(beam[i].LogProbability >= greedy[i].LogProbability - 1e-4, $"example {i}");
    }

    [Fact]
    public void TinyNetwork_LearnsToSortFourNumbers()
    {
        var model = new PointerNetwork(new PointerNetworkConfig(1, 32, 32, 32), seed: 1);
        var optimizer = new Adam(model.NamedParameters(), 1e-2f);
        var random = new Random(1);
        for (int step = 0; step < 150; step++)
        {
            using var scope = Heed.Tensors.Memory.TensorScope.Begin();
            var batch = new PointerBatch(Enumerable.Range(0, 32).Select(_ => new SortProblem().Sample(random, 4)).ToList());
            optimizer.ZeroGrad();
            model.Loss(batch).Backward();
            optimizer.Step();
        }
        model.Eval();
        var test = new Random(99);
        var examples = Enumerable.Range(0, 200).Select(_ => new SortProblem().Sample(test, 4)).ToList();
        var predictions = PointerSearch.Greedy(model, examples);
        double exact = examples.Where((e, i) => predictions[i].Indices.SequenceEqual(e.Target)).Count() / 200.0;
        // Chance with masking is 1/4! ≈ 4%; a learned sorter gets nearly all.
        Assert.True(exact >= 0.9, $"exact {exact:P1}");
    }

    [Fact]
    public void Checkpoint_RoundTripsThroughModelDirectory()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("heed-pointer").FullName, "pointer.safetensors");
        var model = Tiny();
        PointerCheckpoint.Save(file, model);
        var loaded = PointerCheckpoint.Load(file);
        var batch = SortBatch(5, 2, 4);
        using var noGrad = GradMode.NoGrad();
        Assert.Equal(model.Loss(batch).Item(), loaded.Loss(batch).Item());
        Assert.NotEqual(model.Loss(batch).Item(), Tiny(seed: 2).Loss(batch).Item());
        Assert.Throws<HeedInputException>(() => Heed.Memory.NtmCheckpoint.Load(file));
    }
}
