using Heed.Attention;
using Heed.Tensors;

namespace Heed.Tests.Attention;

public class AttentionOpsTests
{
    [Fact]
    public void FusedAdditiveScores_EqualTheComposite_ValuesAndGradients()
    {
        var random = new Random(30);
        Tensor wq = AttentionInputs.Uniform(random, [2, 3, 5]), uk = AttentionInputs.Uniform(random, [2, 4, 5]), v = AttentionInputs.Uniform(random, [5]);
        var r = AttentionInputs.Uniform(random, [2, 3, 4], requiresGrad: false);
        float[][] Grads(Func<Tensor, Tensor, Tensor, Tensor> op, out float[] value)
        {
            foreach (var t in new[] { wq, uk, v }) t.ZeroGrad();
            var e = op(wq, uk, v);
            value = e.ToArray();
            e.Mul(r).Sum().Backward();
            return [wq.Grad!.ToArray(), uk.Grad!.ToArray(), v.Grad!.ToArray()];
        }
        var fused = Grads(AttentionOps.AdditiveScores, out var fusedValue);
        var composite = Grads(AttentionOps.AdditiveScoresComposite, out var compositeValue);
        Hand.Near(compositeValue, Tensor.FromArray(fusedValue, fusedValue.Length));
        for (int k = 0; k < 3; k++) Hand.Near(composite[k], Tensor.FromArray(fused[k], fused[k].Length));
    }

    [Fact]
    public void FusedAdditiveScores_GradientsMatchFiniteDifferences()
    {
        var random = new Random(31);
        Tensor wq = AttentionInputs.Uniform(random, [2, 2, 3]), uk = AttentionInputs.Uniform(random, [2, 3, 3]), v = AttentionInputs.Uniform(random, [3]);
        var r = AttentionInputs.Uniform(random, [2, 2, 3], requiresGrad: false);
        AttentionGradCheck.Check(() => AttentionOps.AdditiveScores(wq, uk, v).Mul(r).Sum(), ("wq", wq), ("uk", uk), ("v", v));
    }

    [Fact]
    public void AdditiveScores_ShapeMismatch_ThrowsNamingTheShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => AttentionOps.AdditiveScores(Tensor.Zeros(2, 1, 3), Tensor.Zeros(2, 4, 5), Tensor.Zeros(3)));
        Assert.Contains("[2, 4, 5]", e.Message);
    }

    [Fact]
    public void L2Normalize_WorkedExample_AndZeroVector()
    {
        // By hand: [3, 4] has norm 5 → [0.6, 0.8]; [0, 0] stays [0, 0] (no NaN).
        Hand.Near([0.6f, 0.8f, 0f, 0f], Tensor.FromArray([3f, 4f, 0f, 0f], 2, 2).L2Normalize());
    }

    [Fact]
    public void L2Normalize_GradientsMatchFiniteDifferences()
    {
        var random = new Random(32);
        var x = AttentionInputs.Uniform(random, [3, 4]);
        var r = AttentionInputs.Uniform(random, [3, 4], requiresGrad: false);
        AttentionGradCheck.Check(() => x.L2Normalize().Mul(r).Sum(), ("x", x));
    }

    [Fact]
    public void GaussianWindow_WorkedExample()
    {
        // By hand: p = 1.5, σ = 1 → exp(−(i − 1.5)²/2) for i = 0..3 = exp(−1.125), exp(−0.125), exp(−0.125), exp(−1.125)
        // = 0.3246525, 0.8824969, 0.8824969, 0.3246525.
        Hand.Near([0.3246525f, 0.8824969f, 0.8824969f, 0.3246525f], AttentionOps.GaussianWindow(Tensor.FromArray([1.5f], 1, 1), 4, 1f));
    }

    [Fact]
    public void GaussianWindow_GradientsMatchFiniteDifferences()
    {
        var random = new Random(33);
        var p = Tensor.FromArray([1.3f, 2.6f, 0.2f, 3.9f], 2, 2);
        p.RequiresGrad = true;
        var r = AttentionInputs.Uniform(random, [2, 2, 5], requiresGrad: false);
        AttentionGradCheck.Check(() => AttentionOps.GaussianWindow(p, 5, 1.5f).Mul(r).Sum(), ("p", p));
    }

    [Fact]
    public void SelectBatch_RepeatedIndices_AccumulateGradients()
    {
        // By hand: rows [0, 0, 1] of x → d(Σ y)/dx = [2, 2] for row 0 and [1, 1] for row 1.
        var x = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        x.RequiresGrad = true;
        var y = x.SelectBatch([0, 0, 1]);
        Assert.Equal([1f, 2f, 1f, 2f, 3f, 4f], y.ToArray());
        y.Sum().Backward();
        Assert.Equal([2f, 2f, 1f, 1f], x.Grad!.ToArray());
    }
}
