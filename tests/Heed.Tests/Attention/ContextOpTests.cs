using Heed.Attention;
using Heed.Tensors;

namespace Heed.Tests.Attention;

public class ContextOpTests
{
    [Fact]
    public void StepContext_EqualsBatchedMatMul_ValuesAndGradients()
    {
        // Oracle: the general batched MatMul [B, 1, Tk]·[B, Tk, dv]. Batch 5 so that rows split unevenly over threads;
        // one weight is exactly 0 (a masked key), which the fused op skips in the forward pass.
        var random = new Random(40);
        Tensor w = AttentionInputs.Uniform(random, [5, 1, 4]), v = AttentionInputs.Uniform(random, [5, 4, 6]);
        w.Span[3] = 0f;
        var r = AttentionInputs.Uniform(random, [5, 1, 6], requiresGrad: false);
        float[][] Grads(Func<Tensor, Tensor, Tensor> op, out float[] value)
        {
            w.ZeroGrad(); v.ZeroGrad();
            var c = op(w, v);
            value = c.ToArray();
            c.Mul(r).Sum().Backward();
            return [w.Grad!.ToArray(), v.Grad!.ToArray()];
        }
        var fused = Grads(AttentionOps.StepContext, out var fusedValue);
        var composite = Grads((a, b) => a.MatMul(b), out var compositeValue);
        Hand.Near(compositeValue, Tensor.FromArray(fusedValue, fusedValue.Length));
        for (int k = 0; k < 2; k++) Hand.Near(composite[k], Tensor.FromArray(fused[k], fused[k].Length));
    }

    [Fact]
    public void StepContext_GradientsMatchFiniteDifferences()
    {
        var random = new Random(41);
        Tensor w = AttentionInputs.Uniform(random, [3, 1, 3]), v = AttentionInputs.Uniform(random, [3, 3, 2]);
        var r = AttentionInputs.Uniform(random, [3, 1, 2], requiresGrad: false);
        AttentionGradCheck.Check(() => AttentionOps.StepContext(w, v).Mul(r).Sum(), ("w", w), ("v", v));
    }

    [Fact]
    public void StepContext_ShapeMismatch_ThrowsNamingTheShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => AttentionOps.StepContext(Tensor.Zeros(2, 1, 3), Tensor.Zeros(2, 4, 5)));
        Assert.Contains("[2, 4, 5]", e.Message);
    }
}
