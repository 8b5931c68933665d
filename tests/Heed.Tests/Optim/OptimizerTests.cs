using Heed.Tensors;
using Heed.Tensors.Optim;
using static Heed.Tests.Optim.OptimTestData;

namespace Heed.Tests.Optim;

public class OptimizerTests
{
    [Fact]
    public void Adam_TwoSteps_MatchHandCalculation()
    {
        // lr 0.1, β₁ 0.9, β₂ 0.999, ε 1e-8, p₀ = 1.
        // Step 1, g = 2: m = 0.2, v = 0.004, m̂ = 0.2/0.1 = 2, v̂ = 0.004/0.001 = 4, p = 1 − 0.1·2/(2 + 1e-8) = 0.9.
        // Step 2, g = 1: m = 0.9·0.2 + 0.1 = 0.28, v = 0.999·0.004 + 0.001 = 0.004996,
        //   step size = 0.1/(1 − 0.81) = 0.526316, denom = √0.004996/√(1 − 0.998001) + 1e-8 = 1.580902,
        //   p = 0.9 − 0.526316·0.28/1.580902 = 0.806782.
        var p = Parameter("w", 1f);
        var adam = new Adam([("w", p)], learningRate: 0.1f);
        SetGrad(p, 2f);
        adam.Step();
        Assert.Equal(0.9f, p.Span[0], 1e-6f);
        SetGrad(p, 1f);
        adam.Step();
        Assert.Equal(0.806782f, p.Span[0], 1e-6f);
    }

    [Fact]
    public void Adam_CouplesWeightDecayIntoTheGradient()
    {
        // p = 1, g = −0.5, λ = 0.5: g + λp = 0, so m = v = 0 and the update 0/(0 + ε) leaves p at 1 exactly
        // (without decay the first Adam step would move it by lr = 0.1).
        var p = Parameter("w", 1f);
        var adam = new Adam([("w", p)], learningRate: 0.1f, weightDecay: 0.5f);
        SetGrad(p, -0.5f);
        adam.Step();
        Assert.Equal(1f, p.Span[0]);
    }

    [Fact]
    public void AdamW_DecaysTheParameterBeforeTheStep()
    {
        // p = 1, g = 2, lr 0.1, λ 0.5: p·(1 − 0.1·0.5) = 0.95, then the first Adam step subtracts lr·2/(2 + ε) = 0.1 → 0.85.
        var p = Parameter("w", 1f);
        var adamw = new AdamW([("w", p)], learningRate: 0.1f, weightDecay: 0.5f);
        SetGrad(p, 2f);
        adamw.Step();
        Assert.Equal(0.85f, p.Span[0], 1e-6f);
    }

    [Fact]
    public void Sgd_MomentumNesterovAndDecay_MatchHandCalculation()
    {
        // Momentum 0.9, lr 0.1, p = 1: step 1 (g = 2): b = 2, p = 0.8; step 2 (g = 1): b = 0.9·2 + 1 = 2.8, p = 0.8 − 0.28 = 0.52.
        var p = Parameter("w", 1f);
        var sgd = new Sgd([("w", p)], 0.1f, momentum: 0.9f);
        SetGrad(p, 2f); sgd.Step();
        Assert.Equal(0.8f, p.Span[0], 1e-6f);
        SetGrad(p, 1f); sgd.Step();
        Assert.Equal(0.52f, p.Span[0], 1e-6f);

        // Nesterov, one step (g = 2): b = 2, g + μb = 3.8, p = 1 − 0.38 = 0.62.
        var q = Parameter("q", 1f);
        var nesterov = new Sgd([("q", q)], 0.1f, momentum: 0.9f, nesterov: true);
        SetGrad(q, 2f); nesterov.Step();
        Assert.Equal(0.62f, q.Span[0], 1e-6f);

        // Weight decay 0.5, no momentum (g = 2, p = 1): g + λp = 2.5, p = 1 − 0.25 = 0.75.
        var r = Parameter("r", 1f);
        var decay = new Sgd([("r", r)], 0.1f, weightDecay: 0.5f);
        SetGrad(r, 2f); decay.Step();
        Assert.Equal(0.75f, r.Span[0], 1e-6f);
    }

    [Fact]
    public void Adam_LongParameter_UpdatesEveryChunkLikeTheFirstElement()
    {
        // 2500 elements span three update chunks; with equal values and gradients every element must end equal
        // to a one-element parameter taken through the same steps (the independent reference).
        var big = Parameter("big", Enumerable.Repeat(0.3f, 2500).ToArray());
        var one = Parameter("one", 0.3f);
        var a = new Adam([("big", big)], 0.01f);
        var b = new Adam([("one", one)], 0.01f);
        foreach (float g in new[] { 0.5f, -1.5f, 2f })
        {
            SetGrad(big, Enumerable.Repeat(g, 2500).ToArray()); a.Step();
            SetGrad(one, g); b.Step();
        }
        Assert.All(big.ToArray(), v => Assert.Equal(one.Span[0], v));
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("sgd")]
    public void ExportedState_ResumesBitIdentically(string kind)
    {
        Optimizer Make(Tensor w, Tensor b) => kind switch
        {
            "adam" => new Adam([("enc.w", w), ("enc.b", b)], 0.05f),
            "adamw" => new AdamW([("enc.w", w), ("enc.b", b)], 0.05f),
            _ => new Sgd([("enc.w", w), ("enc.b", b)], 0.05f, momentum: 0.9f),
        };
        float[][] grads = [[0.3f, -1.2f, 0.7f, 2f], [1.5f, 0.1f, -0.4f, 0.9f], [-2f, 0.25f, 0.6f, -0.3f], [0.8f, -0.8f, 1.1f, 0.05f]];
        var w1 = Parameter("w", 0.5f, -0.2f, 0.1f); var b1 = Parameter("b", 0.3f);
        var run = Make(w1, b1);
        Tensor? w2 = null, b2 = null; IReadOnlyList<(string, float[], int[])>? saved = null;
        for (int s = 0; s < grads.Length; s++)
        {
            if (s == 2) { w2 = Parameter("w", w1.ToArray()); b2 = Parameter("b", b1.ToArray()); saved = run.ExportState(); }
            SetGrad(w1, grads[s][..3]); SetGrad(b1, grads[s][3]);
            run.Step();
        }
        var resumed = Make(w2!, b2!);
        resumed.ImportState(saved!);
        Assert.Equal(2, resumed.StepCount);
        for (int s = 2; s < grads.Length; s++)
        {
            SetGrad(w2!, grads[s][..3]); SetGrad(b2!, grads[s][3]);
            resumed.Step();
        }
        Assert.Equal(w1.ToArray(), w2!.ToArray());
        Assert.Equal(b1.ToArray(), b2!.ToArray());
    }

    [Fact]
    public void ExportState_NamesEntriesByParameter_AndImportRejectsMismatches()
    {
        var w = Parameter("w", 1f, 2f);
        var adam = new Adam([("encoder.rnn.weight_ih_l0", w)]);
        var names = adam.ExportState().Select(e => e.Name).ToArray();
        Assert.Equal(["adam.step", "adam.m.encoder.rnn.weight_ih_l0", "adam.v.encoder.rnn.weight_ih_l0"], names);

        var other = new Adam([("encoder.rnn.weight_ih_l0", Parameter("w", 1f, 2f, 3f))]);
        var e = Assert.Throws<ArgumentException>(() => other.ImportState(adam.ExportState()));
        Assert.Contains("adam.m.encoder.rnn.weight_ih_l0", e.Message);
        var sgd = new Sgd([("encoder.rnn.weight_ih_l0", w)], 0.1f, momentum: 0.5f);
        Assert.Throws<ArgumentException>(() => sgd.ImportState(adam.ExportState()));
    }

    [Fact]
    public void Step_SkipsParametersWithoutGradient()
    {
        var p = Parameter("p", 1f);
        var q = Parameter("q", 1f);
        var adam = new Adam([("p", p), ("q", q)], 0.1f);
        SetGrad(p, 1f);
        adam.Step();
        Assert.Equal(1f, q.Span[0]);
        Assert.NotEqual(1f, p.Span[0]);
    }
}
