using Heed.Config;
using Heed.Training;

namespace Heed.Tests.Training;

public class LearningRateScheduleTests
{
    private static TrainingConfig Training(string yaml) =>
        ExperimentConfig.Parse("data:\n  train_src: a\n  train_trg: b\ntraining:\n" + yaml, "x.yaml").Training;

    [Fact]
    public void Noam_RisesLinearlyToLrAtWarmup_ThenFallsAsOneOverRootStep()
    {
        // By hand from lr(s) = lr·min(s/w, √(w/s)) with lr = 0.002, w = 100: s = 50 → 0.001, s = 100 → 0.002,
        // s = 400 → 0.002·√(1/4) = 0.001, s = 1 → 0.00002.
        var noam = LearningRateSchedule.From(Training("  schedule: noam\n  warmup_steps: 100\n  lr: 0.002\n"));
        Assert.Equal(0.00002f, noam.RateAt(1), 1e-9f);
        Assert.Equal(0.001f, noam.RateAt(50), 1e-7f);
        Assert.Equal(0.002f, noam.RateAt(100), 1e-7f);
        Assert.Equal(0.001f, noam.RateAt(400), 1e-7f);
        Assert.Empty(noam.ExportState()); // a function of the step: nothing to resume
    }

    [Fact]
    public void Constant_IsLrAtEveryStep_AndIgnoresTheDevLoss()
    {
        var constant = LearningRateSchedule.From(Training("  schedule: constant\n  lr: 0.01\n"));
        constant.Observe(5f);
        constant.Observe(6f);
        Assert.Equal(0.01f, constant.RateAt(1));
        Assert.Equal(0.01f, constant.RateAt(100_000));
    }

    [Fact]
    public void Plateau_DecaysAfterPatienceIsExceeded_AndItsStateResumes()
    {
        // lr 0.1, decay 0.5, patience 1: losses 3, 3, 3 → the second non-improvement exceeds the patience → 0.05.
        var plateau = LearningRateSchedule.From(Training("  lr: 0.1\n  lr_decay: 0.5\n  lr_patience: 1\n"));
        plateau.Observe(3f);
        plateau.Observe(3f);
        Assert.Equal(0.1f, plateau.RateAt(10));
        plateau.Observe(3f);
        Assert.Equal(0.05f, plateau.RateAt(11));
        var state = plateau.ExportState();
        Assert.All(state, s => Assert.True(plateau.Owns(s.Name)));
        var resumed = LearningRateSchedule.From(Training("  lr: 0.1\n  lr_decay: 0.5\n  lr_patience: 1\n"));
        resumed.ImportState(state);
        Assert.Equal(0.05f, resumed.RateAt(12));
        Assert.False(resumed.Owns("adam.m.encoder.embedding.weight"));
    }
}
