using System.Text.RegularExpressions;
using Heed.Io;
using Xunit.Abstractions;

namespace Heed.Tests.Faults;

/// <summary>
/// A real <c>heed train</c> child stopped by SIGINT or killed by SIGKILL, then resumed: its final weights and optimiser
/// state must be bit-identical to the uninterrupted reference run. Waits are on the child's own log lines, never on time.
/// </summary>
[Collection(KillResumeCollection.Name)]
public partial class InterruptionTests(KillResumeFixture runs, ITestOutputHelper log)
{
    [GeneratedRegex(@"^epoch \d+ step (\d+):")]
    private static partial Regex StepLine();

    private static bool AtStep(string line, int atLeast) =>
        StepLine().Match(line) is { Success: true } m && int.Parse(m.Groups[1].Value) >= atLeast;

    private static long SavedStep(string modelDir) =>
        long.Parse(SafeTensors.Read(Path.Combine(modelDir, "last.safetensors")).Metadata["step"]);

    [UnixTheory]
    [InlineData(ChildHeed.SigInt, "SIGINT")]
    [InlineData(ChildHeed.SigTerm, "SIGTERM")]
    public void SigintOrSigterm_FinishesTheStep_SavesLast_Exits130_AndResumeIsBitIdentical(int signal, string name)
    {
        Skip.If(ChildHeed.IgnoredHere(signal), $"{name} is ignored by this test process (it was started as a background " +
            "job, which a shell starts with SIGINT ignored), and the heed child inherits that, so it cannot be stopped by " +
            $"{name}: run the tests in the foreground to test it.");
        string config = runs.Config(name), dir = runs.ModelDir(name);
        using (var child = ChildHeed.Start("train", config))
        {
            Assert.True(child.WaitForLine(l => AtStep(l, 15)), child.Err);
            child.Signal(signal);
            Assert.Equal(130, child.WaitForExit());
            Assert.Contains($"heed train: {name}: stopping after the current step", child.Err);
            Assert.Contains("interrupted after step", child.Err);
            Assert.DoesNotContain("   at ", child.Err);
        }
        long saved = SavedStep(dir);
        log.WriteLine($"{name}: last.safetensors saved at step {saved} of {KillResumeFixture.TotalSteps}");
        Assert.InRange(saved, 15, KillResumeFixture.TotalSteps - 1);
        Assert.False(File.Exists(Path.Combine(dir, ModelDirectoryLock.OwnerFileName)), "a clean stop releases the lock");

        string output = ResumeToTheEnd_MatchingTheReference(config, dir);
        Assert.Contains($"resumed from '{Path.Combine(dir, "last.safetensors")}' at step {saved}", output);
    }

    /// <summary>Runs <c>heed train CONFIG --resume</c> to the end; its last.safetensors must hash like the reference's.</summary>
    private string ResumeToTheEnd_MatchingTheReference(string config, string dir)
    {
        var (exit, output, error) = ChildHeed.Run("", "train", config, "--resume");
        Assert.True(exit == 0, error);
        string hash = CheckpointHash.Of(Path.Combine(dir, "last.safetensors"));
        log.WriteLine($"reference {runs.ReferenceHash}\nresumed   {hash}");
        Assert.Equal(runs.ReferenceHash, hash);
        return output;
    }

    [UnixFact]
    public void Sigkill_LeavesALoadableCheckpoint_AStaleLockThatIsTakenOver_AndResumeIsBitIdentical()
    {
        string config = runs.Config("sigkill"), dir = runs.ModelDir("sigkill");
        int pid;
        using (var child = ChildHeed.Start("train", config))
        {
            pid = child.Id;
            Assert.True(child.WaitForLine(l => AtStep(l, 25)), child.Err);
            child.Signal(ChildHeed.SigKill);
            Assert.Equal(128 + ChildHeed.SigKill, child.WaitForExit());
        }
        // The checkpoint of the last validation (every 10 steps) is whole: it loads as a model.
        long saved = SavedStep(dir);
        Assert.True(saved >= 20 && saved % 10 == 0, $"saved step {saved}");
        new ModelDirectory(dir).Load(best: false);
        Assert.Contains($"pid: {pid}", File.ReadAllText(Path.Combine(dir, ModelDirectoryLock.OwnerFileName)));

        log.WriteLine($"SIGKILL after step 25, resumed from {saved}");
        string output = ResumeToTheEnd_MatchingTheReference(config, dir);
        Assert.Contains($"took over the lock of '{dir}' left by process {pid}", output);
    }

    [UnixFact]
    public void SecondTrain_OnADirectoryInUse_IsRefused_NamingTheHoldersProcessId()
    {
        string config = runs.Config("busy"), dir = runs.ModelDir("busy");
        using var child = ChildHeed.Start("train", config);
        // Past the first validation (step 10), so the busy directory already holds a checkpoint: the refusal must name
        // the live holder, not the checkpoint (CI once saw the checkpoint message when a loaded machine let the child run on).
        Assert.True(child.WaitForLine(l => AtStep(l, 12)), child.Err);
        Assert.True(new ModelDirectory(dir).HasCheckpoint, "the first validation's checkpoint is written");
        string logBefore = File.ReadAllText(Path.Combine(dir, "train.log"));

        var (exit, _, error) = Cli.CliRunner.Run("train", config);
        Assert.Equal(2, exit);
        Assert.Contains($"is in use by process {child.Id}", error);
        Assert.Contains("Wait for that training to finish", error);
        Assert.StartsWith(logBefore, File.ReadAllText(Path.Combine(dir, "train.log"))); // the refused run wrote nothing
        child.Signal(ChildHeed.SigKill);
        child.WaitForExit();
    }

    /// <summary>
    /// Three SIGKILLs at random moments (a random step, plus up to 30 ms into it: mid-step, mid-validation or mid-save),
    /// each followed by a resume (or a fresh start when no checkpoint was written yet), end bit-identical to the
    /// uninterrupted run; the metrics log stays readable for heed plot.
    /// </summary>
    [UnixFact]
    [Trait("Category", "Slow")]
    public void ThreeSigkills_AtRandomMoments_ResumedEachTime_EndBitIdentical()
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        string config = runs.Config("three-kills"), dir = runs.ModelDir("three-kills");
        string last = Path.Combine(dir, "last.safetensors");
        // The latest kill comes after step 12, so that at least the checkpoint of step 10 exists to resume from.
        int[] moments = [random.Next(1, KillResumeFixture.TotalSteps - 10), random.Next(1, KillResumeFixture.TotalSteps - 10), random.Next(12, KillResumeFixture.TotalSteps - 10)];
        Array.Sort(moments);
        log.WriteLine($"seed {seed}: kills after steps {string.Join(", ", moments)}");
        foreach (int moment in moments)
        {
            bool resume = File.Exists(last);
            using var child = resume ? ChildHeed.Start("train", config, "--resume") : ChildHeed.Start("train", config);
            bool reached = child.WaitForLine(l => AtStep(l, moment));
            int delay = random.Next(0, 30);
            if (reached)
            {
                Thread.Sleep(delay);
                child.Signal(ChildHeed.SigKill);
            }
            int exit = child.WaitForExit();
            log.WriteLine($"  {(resume ? "resumed" : "started")}, killed at step {moment} + {delay} ms: exit {exit}, last at step {(File.Exists(last) ? SavedStep(dir) : 0)}");
        }
        Assert.True(File.Exists(last), "the third kill comes after the first checkpoint (step 10)");
        ResumeToTheEnd_MatchingTheReference(config, dir);

        var (code, _, error) = Cli.CliRunner.Run("plot", dir, "--out", Path.Combine(dir, "report.html"));
        Assert.True(code == 0, error);
    }
}
