using Heed.Pointer;
using Heed.Tensors;
using Heed.Tensors.Autodiff;

namespace Heed.Tests.Pointer;

/// <summary>The pointer network whose query is a glimpse over the encoded inputs (<see cref="PointerNetworkConfig.Glimpse"/>).</summary>
public class PointerGlimpseTests
{
    private static PointerNetwork Tiny(bool bidirectional = false, int seed = 1) => new(new PointerNetworkConfig(2, 3, 4, 3, Bidirectional: bidirectional, Glimpse: true), seed);

    private static PointerBatch HullBatch(int seed, int size, int n)
    {
        var random = new Random(seed);
        return new PointerBatch(Enumerable.Range(0, size).Select(_ => new ConvexHullProblem().Sample(random, n)).ToList());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Loss_GradientsOfEveryParameterMatchFiniteDifferences(bool bidirectional)
    {
        var model = Tiny(bidirectional);
        Assert.NotNull(model.GlimpseV);
        var batch = HullBatch(1, 2, 4);
        GradientCheck.AssertGradients(() => [model.Loss(batch)], model.Parameters().ToList());
    }

    [Fact]
    public void WithoutGlimpse_TheNetworkHasNoGlimpseParameters()
    {
        var model = new PointerNetwork(new PointerNetworkConfig(2, 3, 4, 3), 1);
        Assert.Null(model.GlimpseV);
        Assert.DoesNotContain(model.NamedParameters(), p => p.Name.StartsWith("glimpse", StringComparison.Ordinal));
    }

    [Fact]
    public void TeacherForcedScores_EqualStepByStepScores_WithTheGlimpseMaskingChosenPositions()
    {
        // Oracle: one step at a time, fed the target's previous element, the glimpse masked at the positions chosen
        // before the step, as greedy decoding runs it. Masked positions are compared only as masked.
        var model = Tiny();
        var batch = HullBatch(2, 3, 6);
        int positions = 7;
        using var noGrad = GradMode.NoGrad();
        var all = model.TeacherForcedScores(batch).ToArray();
        var encoding = model.Encode(batch.Inputs);
        Tensor input = model.FirstInput(3), h = encoding.H, c = encoding.C;
        var previous = batch.PreviousPositions();
        var chosen = new bool[3, positions];
        for (int t = 0; t < batch.Steps; t++)
        {
            var mask = Tensor.Zeros(3, 1, positions);
            for (int b = 0; b < 3; b++) for (int j = 0; j < positions; j++) if (chosen[b, j]) mask.Span[b * positions + j] = PointerNetwork.MaskedScore;
            Tensor scores;
            (scores, h, c) = model.Step(encoding, input, h, c, mask);
            for (int b = 0; b < 3; b++)
                for (int j = 0; j < positions; j++)
                {
                    float forced = all[(b * batch.Steps + t) * positions + j];
                    if (chosen[b, j]) Assert.True(forced < PointerNetwork.MaskedScore / 2);
                    else Assert.Equal(forced, scores.At(b, j), 5);
                }
            if (t < batch.Steps - 1)
            {
                var next = Enumerable.Range(0, 3).Select(b => previous[b * (batch.Steps - 1) + t]).ToArray();
                for (int b = 0; b < 3; b++) chosen[b, next[b]] = true;
                input = encoding.Gather(next, 1);
            }
        }
    }

    [Fact]
    public void Greedy_NeverPointsTwice_AndTheCheckpointKeepsTheGlimpse()
    {
        var model = Tiny(bidirectional: true);
        model.Eval();
        var random = new Random(3);
        var examples = Enumerable.Range(0, 4).Select(_ => new ConvexHullProblem().Sample(random, 6)).ToList();
        foreach (var p in PointerSearch.Greedy(model, examples)) Assert.Equal(p.Indices.Length, p.Indices.Distinct().Count());

        string file = Path.Combine(Directory.CreateTempSubdirectory("heed-pointer-glimpse").FullName, "pointer.safetensors");
        PointerCheckpoint.Save(file, model);
        var loaded = PointerCheckpoint.Load(file);
        Assert.True(loaded.Config.Glimpse);
        Assert.True(loaded.Config.Bidirectional);
        var batch = HullBatch(4, 2, 5);
        using var noGrad = GradMode.NoGrad();
        Assert.Equal(model.Loss(batch).Item(), loaded.Loss(batch).Item());
        Assert.Equal(PointerSearch.Beam(model, examples, 2).Select(p => p.Indices), PointerSearch.Beam(loaded, examples, 2).Select(p => p.Indices));
    }

    [Fact]
    public void Beam_WellFormed_TakesOnlyWhatTheTestAllows_AndFallsBackWhenItRefusesAll()
    {
        // A test that allows only the true answer's next index makes beam search return the true answer; one that
        // refuses everything leaves every step to the unconstrained search.
        var model = Tiny();
        model.Eval();
        var random = new Random(5);
        var examples = Enumerable.Range(0, 4).Select(_ => new ConvexHullProblem().Sample(random, 7)).ToList();
        var forced = PointerSearch.Beam(model, examples, 2, (e, sofar, j) => j == (sofar.Count < e.Target.Length ? e.Target[sofar.Count] : -1));
        Assert.Equal(examples.Select(e => e.Target), forced.Select(p => p.Indices));
        var refused = PointerSearch.Beam(model, examples, 2, (_, _, _) => false);
        Assert.Equal(PointerSearch.Beam(model, examples, 2).Select(p => p.Indices), refused.Select(p => p.Indices));
        // Width 1 with a test is greedy within it.
        Assert.Equal(examples.Select(e => e.Target), PointerSearch.Beam(model, examples, 1, (e, sofar, j) => j == (sofar.Count < e.Target.Length ? e.Target[sofar.Count] : -1)).Select(p => p.Indices));
    }
}
