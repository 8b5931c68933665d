using System.Diagnostics;
using System.Globalization;

namespace Heed.Io;

/// <summary>
/// Exclusive use of a model directory by one training process, so that two <c>heed train</c> runs never write the same
/// checkpoints at once. The lock is the operating system's: <c>train.lock</c> is held open with
/// <see cref="FileShare.None"/> (an advisory <c>flock</c> on Unix, a sharing lock on Windows), which the kernel drops
/// when the holder exits in any way, kill -9 included, so a dead holder can never keep the directory locked.
/// Who holds it is written beside it in <c>train.lock.owner</c> (process id, machine, start time): the lock file
/// itself cannot be read by another .NET process while it is held.
/// </summary>
internal sealed class ModelDirectoryLock : IDisposable
{
    /// <summary>The file held open for the duration of the run (left in place afterwards, see <see cref="Dispose"/>).</summary>
    public const string LockFileName = "train.lock";

    /// <summary>The file naming the holder; removed on a clean release, left behind by a killed process.</summary>
    public const string OwnerFileName = "train.lock.owner";

    private readonly FileStream _held;
    private readonly string _ownerFile;
    private bool _released;

    private ModelDirectoryLock(FileStream held, string ownerFile)
    {
        _held = held;
        _ownerFile = ownerFile;
    }

    /// <summary>
    /// Takes the lock on <paramref name="directory"/> (which must exist). A lock left by a process that is gone is taken
    /// over and reported through <paramref name="warn"/>. Stale temporary files of interrupted atomic writes are removed.
    /// </summary>
    /// <exception cref="HeedInputException">Another live process holds the directory (its process id is named), or the
    /// lock file cannot be created (the directory is read-only, for example).</exception>
    public static ModelDirectoryLock Acquire(string directory, Action<string>? warn = null)
    {
        string lockFile = Path.Combine(directory, LockFileName);
        string ownerFile = Path.Combine(directory, OwnerFileName);
        FileStream held;
        try
        {
            held = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new HeedInputException($"Cannot lock the model directory '{directory}': {e.Message} Make the folder writable or choose another training.model_dir.", e);
        }
        catch (IOException e)
        {
            throw InUse(directory, ownerFile, e);
        }

        try
        {
            if (Owner.Read(ownerFile) is { } previous && previous.ProcessId != Environment.ProcessId)
                warn?.Invoke($"warning: took over the lock of '{directory}' left by process {previous.ProcessId} on {previous.Machine} " +
                    $"(started {previous.Started}), which is no longer holding it: it was killed or crashed. Its checkpoints are kept.");
            AtomicFile.RemoveStaleTemporaries(directory, warn);
            AtomicFile.WriteAllText(ownerFile, Owner.Current().ToText());
        }
        catch
        {
            held.Dispose();
            throw;
        }
        return new ModelDirectoryLock(held, ownerFile);
    }

    /// <summary>
    /// Refuses at once when another live process holds <paramref name="directory"/>, without taking the lock or touching
    /// the owner file: a command checks this before its other checks of the directory's contents, so that a user who
    /// starts a second training is told the directory is busy (and by whom), not what the first run has written to it.
    /// A directory without a lock file, or one whose holder is gone, passes.
    /// </summary>
    /// <exception cref="HeedInputException">Another live process holds the directory (its process id is named).</exception>
    public static void ThrowIfHeld(string directory)
    {
        string lockFile = Path.Combine(directory, LockFileName);
        if (!File.Exists(lockFile)) return;
        try
        {
            using var probe = new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException) { } // not lockable by us at all: Acquire reports it with its remedy
        catch (FileNotFoundException) { }
        catch (IOException e)
        {
            throw InUse(directory, Path.Combine(directory, OwnerFileName), e);
        }
    }

    private static HeedInputException InUse(string directory, string ownerFile, IOException e)
    {
        // Most likely a sharing violation, and then the owner file says by whom (it is written right after the lock
        // is taken, so it can be missing only for that instant, or when the failure is of another kind).
        string holder = Owner.Read(ownerFile) is { } owner
            ? $"is in use by process {owner.ProcessId} on {owner.Machine} (a heed train started {owner.Started})"
            : $"cannot be locked ({e.Message})";
        return new HeedInputException(
            $"The model directory '{directory}' {holder}. Wait for that training to finish or stop it, or give this run another training.model_dir.", e);
    }

    /// <summary>
    /// Releases the lock: removes the owner file, then closes <c>train.lock</c>. The lock file itself stays: deleting it
    /// would let a process that opened it just before the deletion and one that creates a new one both believe they hold it.
    /// </summary>
    public void Dispose()
    {
        if (_released) return;
        _released = true;
        try { File.Delete(_ownerFile); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        _held.Dispose();
    }

    /// <summary>Who holds the lock, as written to the owner file.</summary>
    private sealed record Owner(int ProcessId, string Machine, string Started)
    {
        public static Owner Current()
        {
            using var self = Process.GetCurrentProcess();
            return new Owner(Environment.ProcessId, Environment.MachineName,
                self.StartTime.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        }

        public string ToText() => $"pid: {ProcessId}\nmachine: {Machine}\nstarted: {Started}\n";

        /// <summary>The owner file's contents, or null when it is absent or unreadable (a lock is never refused for that).</summary>
        public static Owner? Read(string file)
        {
            string[] lines;
            try { lines = File.ReadAllLines(file); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
            string? Field(string key) => lines.FirstOrDefault(l => l.StartsWith(key + ": ", StringComparison.Ordinal))?[(key.Length + 2)..];
            return int.TryParse(Field("pid"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid)
                ? new Owner(pid, Field("machine") ?? "?", Field("started") ?? "?")
                : null;
        }
    }
}
