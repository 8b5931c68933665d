using System.Diagnostics;
using Heed.Io;
using Heed.Tests.Cli;
using Heed.Tests.Training;

namespace Heed.Tests.Faults;

public class ModelDirectoryLockTests
{
    private static string NewFolder() => Directory.CreateTempSubdirectory("heed-lock").FullName;

    /// <summary>The id of a process that has certainly ended: one we started and waited for.</summary>
    private static int DeadProcessId()
    {
        using var p = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true })!;
        p.WaitForExit();
        return p.Id;
    }

    [Fact]
    public void SecondAcquire_IsRefused_NamingTheHolder_AndWorksAgainAfterRelease()
    {
        string dir = NewFolder();
        using (ModelDirectoryLock.Acquire(dir))
        {
            var e = Assert.Throws<HeedInputException>(() => ModelDirectoryLock.Acquire(dir));
            Assert.Contains($"is in use by process {Environment.ProcessId}", e.Message);
            Assert.Contains(dir, e.Message);
        }
        Assert.False(File.Exists(Path.Combine(dir, ModelDirectoryLock.OwnerFileName)));
        using (ModelDirectoryLock.Acquire(dir)) { }
    }

    [Fact]
    public void StaleLock_OfADeadProcess_IsTakenOver_WithAWarning()
    {
        string dir = NewFolder();
        int dead = DeadProcessId();
        File.WriteAllText(Path.Combine(dir, ModelDirectoryLock.LockFileName), "");
        File.WriteAllText(Path.Combine(dir, ModelDirectoryLock.OwnerFileName), $"pid: {dead}\nmachine: elsewhere\nstarted: yesterday\n");
        var warnings = new List<string>();
        using (ModelDirectoryLock.Acquire(dir, warnings.Add))
            Assert.Contains($"pid: {Environment.ProcessId}", File.ReadAllText(Path.Combine(dir, ModelDirectoryLock.OwnerFileName)));
        Assert.Contains(warnings, w => w.Contains($"took over the lock of '{dir}' left by process {dead}"));
    }

    [Fact]
    public void Acquire_RemovesTemporaryFilesOfKilledWrites_AndKeepsOthers()
    {
        string dir = NewFolder();
        string stale = Path.Combine(dir, $".last.safetensors.{DeadProcessId()}.{Guid.NewGuid():N}.tmp");
        string mine = Path.Combine(dir, $".best.safetensors.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        string unrelated = Path.Combine(dir, ".notes.tmp");
        foreach (var f in new[] { stale, mine, unrelated }) File.WriteAllText(f, "x");
        using (ModelDirectoryLock.Acquire(dir)) { }
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(mine));
        Assert.True(File.Exists(unrelated));
    }

    [Fact]
    public void Train_OnALockedDirectory_ExitsTwo_AndWritesNothing()
    {
        var task = new ToyTask(trainPairs: 50, devPairs: 5);
        string config = Path.Combine(task.Folder, "toy.yaml");
        File.WriteAllText(config, task.Yaml());
        string dir = Path.Combine(task.Folder, "model");
        Directory.CreateDirectory(dir);
        using (ModelDirectoryLock.Acquire(dir))
        {
            var (exit, output, error) = CliRunner.Run("train", config);
            Assert.Equal(2, exit);
            Assert.StartsWith($"heed train: The model directory '{dir}' is in use by process {Environment.ProcessId}", error);
            FaultAssert.NoStackTrace(error);
            Assert.Equal([ModelDirectoryLock.LockFileName, ModelDirectoryLock.OwnerFileName],
                Directory.GetFiles(dir).Select(Path.GetFileName).Order());
        }
    }
}
