using Heed.Tensors;
using Heed.Tensors.Nn;

namespace Heed.Tests.Nn;

/// <summary>
/// The fused GRU/LSTM step ops against two independent oracles: the composite cells built from ordinary ops
/// (values and gradients must agree to float rounding) and central finite differences (see <see cref="GradientCheck"/>).
/// </summary>
public class RecurrentCellOpTests
{
    private const int B = 3, H = 4;

    /// <summary>Leaves for one step: xProj, h (and c), weight_hh, bias_hh.</summary>
    private static (Tensor X, Tensor H, Tensor C, Tensor W, Tensor Bias) Inputs(int gates, int seed, int steps = 0)
    {
        var random = new Random(seed);
        var x = steps == 0 ? GradientCheck.RandomLeaf(random, 1f, B, gates * H) : GradientCheck.RandomLeaf(random, 1f, B, steps, gates * H);
        return (x, GradientCheck.RandomLeaf(random, 1f, B, H), GradientCheck.RandomLeaf(random, 1f, B, H),
            GradientCheck.RandomLeaf(random, 0.6f, gates * H, H), GradientCheck.RandomLeaf(random, 0.6f, gates * H));
    }

    private static readonly bool[] Mixed = [true, false, true];

    private static Tensor Keep(bool[] active)
    {
        var data = active.SelectMany(a => Enumerable.Repeat(a ? 1f : 0f, H)).ToArray();
        return Tensor.FromArray(data, active.Length, H);
    }

    private static Tensor[] Fused(bool gru, (Tensor X, Tensor H, Tensor C, Tensor W, Tensor Bias) p, bool[]? active)
    {
        if (gru) return [Ops.GruCell(p.X, p.H, p.W, p.Bias, active)];
        var s = Ops.LstmCellStacked(p.X, Ops.Stack([p.H, p.C], 0), p.W, p.Bias, active);
        return [s.Select(0, 0), s.Select(0, 1)];
    }

    private static Tensor[] Composite(bool gru, (Tensor X, Tensor H, Tensor C, Tensor W, Tensor Bias) p, bool[]? active)
    {
        var keep = active is null ? null : Keep(active);
        if (gru) return [CompositeCells.GruStep(p.X, p.H, p.W, p.Bias, keep)];
        var (h, c) = CompositeCells.LstmStep(p.X, p.H, p.C, p.W, p.Bias, keep);
        return [h, c];
    }

    private static Tensor[] Leaves(bool gru, (Tensor X, Tensor H, Tensor C, Tensor W, Tensor Bias) p) =>
        gru ? [p.X, p.H, p.W, p.Bias] : [p.X, p.H, p.C, p.W, p.Bias];

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public void Fused_EqualsComposite_InValuesAndGradients(bool gru, bool masked)
    {
        var p = Inputs(gru ? 3 : 4, seed: 7);
        var active = masked ? Mixed : null;
        var leaves = Leaves(gru, p);
        var (fusedOut, fusedGrads) = GradientCheck.OutputsAndGradients(() => Fused(gru, p, active), leaves);
        var (compOut, compGrads) = GradientCheck.OutputsAndGradients(() => Composite(gru, p, active), leaves);
        for (int k = 0; k < fusedOut.Length; k++) Close.Assert(compOut[k], fusedOut[k], 1e-5f, $"output {k}");
        for (int n = 0; n < leaves.Length; n++) Close.Assert(compGrads[n], fusedGrads[n], 1e-5f, $"gradient of input {n}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Fused_MatchesFiniteDifferences_WithMask(bool gru)
    {
        var p = Inputs(gru ? 3 : 4, seed: 11);
        GradientCheck.AssertGradients(() => Fused(gru, p, Mixed), Leaves(gru, p));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Fused_ReadsOneStepOfASequenceProjection(bool gru)
    {
        // xProj [B, T, G·H] at step 1 must act exactly like the [B, G·H] slice of that step (the oracle), and send
        // gradient only to that step's rows (checked by finite differences over the whole [B, T, G·H] leaf).
        var p = Inputs(gru ? 3 : 4, seed: 5, steps: 3);
        Tensor[] Run(Tensor x) => gru
            ? [Ops.GruCell(x, p.H, p.W, p.Bias, Mixed, step: 1)]
            : [Ops.LstmCellStacked(x, Ops.Stack([p.H, p.C], 0), p.W, p.Bias, Mixed, step: 1)];
        var sliced = Run(p.X.Select(1, 1).Detach())[0].ToArray();
        Close.Assert(sliced, Run(p.X)[0].ToArray(), 0f, "step 1 of the sequence projection");
        GradientCheck.AssertGradients(() => Run(p.X), Leaves(gru, p));
    }

    [Fact]
    public void GruCell_RejectsMismatchedShapes_NamingThem()
    {
        var p = Inputs(3, seed: 1);
        var wrong = Tensor.Zeros(3 * H, H + 1);
        var e = Assert.Throws<ArgumentException>(() => Ops.GruCell(p.X, p.H, wrong, p.Bias));
        Assert.Contains("[12, 5]", e.Message);
    }

    [Fact]
    public void GruCell_LargeBatch_SameBitsOnOneAndTwoThreads()
    {
        // 40 rows × 4·512 saved floats: above Parallelism.ParallelElements, so 2 threads split the rows of the gate
        // maths forward and backward. The oracle is the same op on 1 thread: every row must come out bit for bit equal.
        const int b = 40, h = 512, steps = 2;
        var random = new Random(5);
        var x = GradientCheck.RandomLeaf(random, 1f, b, steps, 3 * h);
        var hPrev = GradientCheck.RandomLeaf(random, 1f, b, h);
        var w = GradientCheck.RandomLeaf(random, 0.05f, 3 * h, h);
        var bias = GradientCheck.RandomLeaf(random, 0.5f, 3 * h);
        var active = Enumerable.Range(0, b).Select(r => r % 7 != 3).ToArray();
        Tensor[] leaves = [x, hPrev, w, bias];
        (float[][] Outputs, float[][] Gradients) Run(int threads)
        {
            using (Parallelism.Use(threads))
                return GradientCheck.OutputsAndGradients(() => [Ops.GruCell(x, hPrev, w, bias, active, step: 1)], leaves);
        }
        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Outputs[0], two.Outputs[0]);
        for (int n = 0; n < leaves.Length; n++) Assert.Equal(one.Gradients[n], two.Gradients[n]);
    }
}
