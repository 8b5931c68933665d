using Heed.Io;
using Heed.Tests.Training;
using Heed.Training;

namespace Heed.Tests.Faults;

/// <summary>The in-process half of interruption: a cancelled token between two steps, saved and resumed.</summary>
public class TrainerInterruptTests
{
    [Fact]
    public void CancelledToken_SavesLastAtThatStep_ReleasesTheLock_AndResumeIsBitIdentical()
    {
        var task = new ToyTask(trainPairs: 400);
        using var cancel = new CancellationTokenSource();
        var interrupted = new Trainer(task.Config("split", "max_steps: 24\nvalidate_every: 12"))
        {
            AfterStep = (_, step) => { if (step == 7) cancel.Cancel(); },
        };
        var e = Assert.Throws<TrainingInterruptedException>(() => interrupted.Run(cancel: cancel.Token));
        Assert.Equal(7, e.Step);
        string split = Path.Combine(task.Folder, "split");
        Assert.Equal("7", SafeTensors.Read(Path.Combine(split, "last.safetensors")).Metadata["step"]);
        Assert.False(File.Exists(Path.Combine(split, ModelDirectoryLock.OwnerFileName)));

        new Trainer(task.Config("split", "max_steps: 24\nvalidate_every: 12")).Run(resume: true);
        new Trainer(task.Config("whole", "max_steps: 24\nvalidate_every: 12")).Run();
        Assert.Equal(CheckpointHash.Of(Path.Combine(task.Folder, "whole", "last.safetensors")),
            CheckpointHash.Of(Path.Combine(split, "last.safetensors")));
    }

    [Fact]
    public void MetricsWriter_CutsOffALineTornByAKill_BeforeAppending()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("heed-metrics").FullName, "metrics.jsonl");
        File.WriteAllText(file, "{\"step\":1,\"train_loss\":2.5}\n{\"step\":2,\"tra");
        Assert.Single(Heed.Viz.MetricsLog.Read(file).Entries); // a reader skips the torn line
        new MetricsWriter(file).Write(("step", 2), ("train_loss", 2.25));
        Assert.Equal("{\"step\":1,\"train_loss\":2.5}\n{\"step\":2,\"train_loss\":2.25}\n", File.ReadAllText(file));
    }
}
