using Heed.Config;
using Heed.Tensors.Optim;

namespace Heed.Training;

/// <summary>
/// The learning rate over a training run, as <c>training.schedule</c> picks it: <c>plateau</c> (decay by
/// <c>lr_decay</c> when the dev loss stops improving, the RNN recipes' choice), <c>noam</c> (Vaswani et al.'s warm-up
/// then 1/√step, the Transformer's) or <c>constant</c>. The trainer asks for the rate before every step and reports
/// each validation's dev loss; the state a resume needs is saved with the optimiser's.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The rate for update number <paramref name="step"/> (from 1).</summary>
    public abstract float RateAt(long step);

    /// <summary>Called after each validation with the dev loss (only the plateau schedule listens).</summary>
    public virtual void Observe(float devLoss) { }

    /// <summary>What a resumed run needs to continue exactly (empty for schedules that are a function of the step).</summary>
    public virtual IReadOnlyList<(string Name, float[] Data, int[] Shape)> ExportState() => [];

    /// <summary>Whether a checkpoint entry is this schedule's state (the rest is the optimiser's).</summary>
    public virtual bool Owns(string stateName) => false;

    /// <summary>Restores what <see cref="ExportState"/> wrote.</summary>
    public virtual void ImportState(IReadOnlyList<(string Name, float[] Data, int[] Shape)> state) { }

    /// <summary>The schedule a training section describes.</summary>
    public static LearningRateSchedule From(TrainingConfig t) => t.Schedule switch
    {
        "plateau" => new Plateau(new PlateauLr((float)t.LearningRate, (float)t.LrDecay, t.LrPatience, (float)t.MinLearningRate)),
        // Vaswani's lr = factor·d^−½·min(s^−½, s·w^−³⁄²) peaks at s = w at factor·(d·w)^−½; giving that peak as
        // training.lr makes d cancel, so one lr means the same for every model width.
        "noam" => new Counter(new NoamLr(1, t.WarmupSteps, (float)(t.LearningRate * Math.Sqrt(t.WarmupSteps)))),
        "constant" => new Counter(new ConstantLr((float)t.LearningRate)),
        _ => throw new HeedInputException($"training.schedule is '{t.Schedule}'; valid values: {string.Join(", ", TrainingConfig.Schedules)}."),
    };

    private sealed class Counter(ILrSchedule schedule) : LearningRateSchedule
    {
        public override float RateAt(long step) => schedule.LearningRate(step);
    }

    private sealed class Plateau(PlateauLr plateau) : LearningRateSchedule
    {
        public override float RateAt(long step) => plateau.Rate;
        public override void Observe(float devLoss) => plateau.Observe(devLoss);
        public override IReadOnlyList<(string Name, float[] Data, int[] Shape)> ExportState() => plateau.ExportState();
        public override bool Owns(string stateName) => stateName.StartsWith("plateau.", StringComparison.Ordinal);
        public override void ImportState(IReadOnlyList<(string Name, float[] Data, int[] Shape)> state) => plateau.ImportState(state);
    }
}
