using Heed.Tensors.Optim;

namespace Heed.Tests.Optim;

public class LrScheduleTests
{
    [Fact]
    public void ConstantAndStep_MatchHandValues()
    {
        Assert.Equal(0.3f, new ConstantLr(0.3f).LearningRate(12345));
        // StepLr(0.1, stepSize 3, γ 0.5): epochs 0–2 → 0.1, 3–5 → 0.05, 6 → 0.025.
        var s = new StepLr(0.1f, 3, 0.5f);
        Assert.Equal([0.1f, 0.1f, 0.1f, 0.05f, 0.05f, 0.05f, 0.025f], Enumerable.Range(0, 7).Select(e => s.LearningRate(e)).ToArray());
    }

    [Fact]
    public void Noam_WarmsUpLinearlyThenDecays()
    {
        // d = 16, warm-up 4, factor 2: lr(s) = 2/4 · min(s^−½, s/8): lr(1) = 0.0625, lr(4) = 0.25 (peak), lr(16) = 0.125.
        var noam = new NoamLr(16, 4, 2f);
        Assert.Equal(0.0625f, noam.LearningRate(1), 1e-7f);
        Assert.Equal(0.25f, noam.LearningRate(4), 1e-7f);
        Assert.Equal(0.125f, noam.LearningRate(16), 1e-7f);
        Assert.Throws<ArgumentOutOfRangeException>(() => noam.LearningRate(0));
    }

    [Fact]
    public void Plateau_DecaysAfterPatienceRunsOut_DownToTheMinimum()
    {
        // factor 0.5, patience 1, min 0.3, threshold 0. Metrics: 1.0 best, 0.9 best, 0.95 bad (1), 0.95 bad (2 > 1:
        // lr 0.5, count reset), 0.95 bad (1), 0.95 bad (2: lr max(0.25, 0.3) = 0.3), 0.5 best (lr stays 0.3).
        var plateau = new PlateauLr(1f, factor: 0.5f, patience: 1, minRate: 0.3f, threshold: 0f);
        var rates = new[] { 1f, 0.9f, 0.95f, 0.95f, 0.95f, 0.95f, 0.5f }.Select(plateau.Observe).ToArray();
        Assert.Equal([1f, 1f, 1f, 0.5f, 0.5f, 0.3f, 0.3f], rates);
        Assert.Throws<ArgumentException>(() => plateau.Observe(float.NaN));
    }

    [Fact]
    public void Plateau_StateRoundTrips()
    {
        var a = new PlateauLr(1f, 0.5f, patience: 2);
        foreach (var m in new[] { 3f, 2f, 2.5f, 2.5f }) a.Observe(m); // best 2, then two bad evaluations
        var b = new PlateauLr(1f, 0.5f, patience: 2);
        b.ImportState(a.ExportState());
        // Both must now take the same path: one more bad evaluation is the third in a row (> patience 2), so both halve.
        Assert.Equal(a.Observe(2.5f), b.Observe(2.5f));
        Assert.Equal(0.5f, b.Rate);
    }
}
