using Heed.Memory;
using Heed.Tensors;

namespace Heed.Tests.Memory;

/// <summary>Each addressing stage against a hand-worked case and central differences, then a whole machine.</summary>
public class NtmAddressingTests
{
    private static bool Near(float a, float b) => Math.Abs(a - b) < 1e-5f;

    [Fact]
    public void Content_HandWorkedCase()
    {
        // Rows (1, 0), (0, 1), (1, 1), key (1, 0), β = 2: cosines 1, 0, 1/√2; softmax(2, 0, √2) = (0.591015, 0.079985, 0.328999).
        var memory = Tensor.FromArray([1, 0, 0, 1, 1, 1], 1, 3, 2);
        var w = NtmAddressing.Content(Tensor.FromArray([1, 0], 1, 2), Tensor.FromArray([2], 1), memory).ToArray();
        Assert.Equal([0.591015f, 0.079985f, 0.328999f], w, Near);
    }

    [Fact]
    public void Content_BlankMemoryGivesUniformWeights()
    {
        var w = NtmAddressing.Content(Tensor.FromArray([0.3f, -2], 1, 2), Tensor.FromArray([5], 1), Tensor.Full(NeuralTuringMachine.InitialMemory, 1, 4, 2)).ToArray();
        Assert.All(w, x => Assert.Equal(0.25f, x, 5));
    }

    [Fact]
    public void Interpolate_HandWorkedCase()
    {
        // 0.25·(0.5, 0.5, 0) + 0.75·(0, 0, 1) = (0.125, 0.125, 0.75)
        var w = NtmAddressing.Interpolate(Tensor.FromArray([0.5f, 0.5f, 0], 1, 3), Tensor.FromArray([0, 0, 1], 1, 3), Tensor.FromArray([0.25f], 1));
        Assert.Equal([0.125f, 0.125f, 0.75f], w.ToArray(), Near);
    }

    [Fact]
    public void Sharpen_HandWorkedCase()
    {
        // (0.5, 0.25, 0.25)² / Σ = (0.25, 0.0625, 0.0625) / 0.375 = (2/3, 1/6, 1/6)
        var w = NtmAddressing.Sharpen(Tensor.FromArray([0.5f, 0.25f, 0.25f], 1, 3), Tensor.FromArray([2], 1)).ToArray();
        Assert.Equal([2f / 3, 1f / 6, 1f / 6], w, Near);
    }

    [Fact]
    public void Content_GradientsMatchFiniteDifferences() =>
        GradientCheck.Check(x => NtmAddressing.Content(x[0], x[1], x[2]),
            [GradientCheck.Random(1, [2, 3]), GradientCheck.Random(2, [2], 0.5, 3), GradientCheck.Random(3, [2, 4, 3])]);

    [Fact]
    public void Interpolate_GradientsMatchFiniteDifferences() =>
        GradientCheck.Check(x => NtmAddressing.Interpolate(x[0], x[1], x[2]),
            [GradientCheck.Random(4, [2, 5], 0, 1), GradientCheck.Random(5, [2, 5], 0, 1), GradientCheck.Random(6, [2], 0, 1)]);

    [Fact]
    public void Shift_GradientsMatchFiniteDifferences() =>
        GradientCheck.Check(x => NtmAddressing.Shift(x[0], x[1].Softmax()), [GradientCheck.Random(7, [2, 5], 0, 1), GradientCheck.Random(8, [2, 3])]);

    [Fact]
    public void Sharpen_GradientsMatchFiniteDifferences() =>
        GradientCheck.Check(x => NtmAddressing.Sharpen(x[0].Softmax(), x[1]), [GradientCheck.Random(9, [2, 5]), GradientCheck.Random(10, [2], 1, 3)]);

    [Fact]
    public void Read_HandWorkedCase()
    {
        // 0.25·(1, 2) + 0.75·(3, 4) = (2.5, 3.5)
        var r = NtmMemory.Read(Tensor.FromArray([1, 2, 3, 4], 1, 2, 2), Tensor.FromArray([0.25f, 0.75f], 1, 2));
        Assert.Equal([2.5f, 3.5f], r.ToArray());
    }

    [Fact]
    public void Write_HandWorkedCase()
    {
        // w = (½, ½), e = (½, 1), a = (1, 1): M ⊙ (1 − w eᵀ) + w aᵀ = [(0.75, 0.5) ⊙ (1, 2) + ½, (0.75, 0.5) ⊙ (3, 4) + ½].
        var m = NtmMemory.Write(Tensor.FromArray([1, 2, 3, 4], 1, 2, 2), Tensor.FromArray([0.5f, 0.5f], 1, 2),
            Tensor.FromArray([0.5f, 1], 1, 2), Tensor.FromArray([1, 1], 1, 2));
        Assert.Equal([1.25f, 1.5f, 2.75f, 2.5f], m.ToArray());
    }

    [Fact]
    public void ReadAndWrite_GradientsMatchFiniteDifferences()
    {
        GradientCheck.Check(x => NtmMemory.Read(x[0], x[1]), [GradientCheck.Random(11, [2, 3, 2]), GradientCheck.Random(12, [2, 3], 0, 1)]);
        GradientCheck.Check(x => NtmMemory.Write(x[0], x[1], x[2], x[3]),
            [GradientCheck.Random(13, [2, 3, 2]), GradientCheck.Random(14, [2, 3], 0, 1), GradientCheck.Random(15, [2, 2], 0, 1), GradientCheck.Random(16, [2, 2])]);
    }

    [Fact]
    public void WholeMachine_GradientsOfEveryParameterMatchFiniteDifferences()
    {
        // Three steps of a tiny machine: controller, both heads' four stages, read, write and output all on the path.
        var model = new NeuralTuringMachine(new NtmConfig(InputSize: 3, OutputSize: 2, ControllerSize: 4, Locations: 5, Width: 3), seed: 3);
        // Focused first weightings: a near-uniform one is unchanged by any shift, which would hide the shift's gradient.
        foreach (var (name, p) in model.NamedParameters().Where(p => p.Name.Contains("weighting_init")))
            p.Span[1] = 3f;
        var inputs = GradientCheck.Random(17, [2, 3, 3]);
        inputs.RequiresGrad = false;
        // Scaled by 100: an untrained machine's paths through the heads move the output by ~1e-3, inside the checker's
        // absolute tolerance; scaled, a wrong sign on any of them (e.g. the shift's) fails the check.
        GradientCheck.AssertGradients(() => [model.Forward(inputs).Logits.Scale(100f)], model.Parameters().ToList());
    }

    [Fact]
    public void Machine_TraceHoldsNormalisedWeightingsPerStep()
    {
        var model = new NeuralTuringMachine(new NtmConfig(3, 2, 4, 6, 3), seed: 1);
        var (logits, trace) = model.Forward(Tensor.Zeros(1, 4, 3), trace: true);
        Assert.Equal([1, 4, 2], logits.Shape.ToArray());
        Assert.Equal(4, trace!.Write.Length);
        Assert.All(trace.Read.Concat(trace.Write), w => Assert.Equal(1f, w.Sum(), 4));
    }

    [Fact]
    public void Config_OutOfRange_NamesTheOption()
    {
        var e = Assert.Throws<HeedInputException>(() => new NeuralTuringMachine(new NtmConfig(3, 2, Locations: 0), seed: 1));
        Assert.Contains("--memory-locations 0", e.Message);
        e = Assert.Throws<HeedInputException>(() => new NtmConfig(3, 2, Shifts: 2).Validate());
        Assert.Contains("--shifts 2", e.Message);
    }

    [Fact]
    public void Checkpoint_RoundTripsThroughModelDirectory()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("heed-ntm").FullName, "ntm.safetensors");
        var model = new NeuralTuringMachine(new NtmConfig(3, 2, 4, 6, 3), seed: 1);
        NtmCheckpoint.Save(file, model);
        var loaded = NtmCheckpoint.Load(file);
        var x = GradientCheck.Random(18, [2, 4, 3]);
        x.RequiresGrad = false;
        Assert.Equal(model.Forward(x).Logits.ToArray(), loaded.Forward(x).Logits.ToArray());
        Assert.NotEqual(model.Forward(x).Logits.ToArray(), new NeuralTuringMachine(model.Config, seed: 2).Forward(x).Logits.ToArray());
    }
}
