namespace Heed.Io;

/// <summary>
/// Writes a file so that a reader never sees half of it: the bytes go to a temporary
/// name in the same folder, which is then renamed over the target (atomic on one file system).
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes through <paramref name="write"/> to a temporary file, then moves it to <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The folder is missing or not writable; the message names the path.</exception>
    public static void Write(string path, Action<Stream> write) => Write(path, write, commit: true);

    /// <summary>
    /// Checks, before any long work whose result would be lost, that <paramref name="path"/> can be written: its folder
    /// exists and a file can be created in it (the temporary file a write would use, removed at once). A later
    /// <see cref="Write(string, Action{Stream})"/> can still fail (a full disk), but not for these reasons.
    /// </summary>
    /// <exception cref="IOException">The folder is missing, is a file, or is not writable; the message says which and what to do.</exception>
    public static void CheckWritable(string path) => Write(path, _ => { }, commit: false);

    private static void Write(string path, Action<Stream> write, bool commit)
    {
        string full = Path.GetFullPath(path);
        string folder = ExistingFolder(path);
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        FileStream created;
        try
        {
            created = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The runtime's message would name the temporary file, which the user never asked for.
            string reason = e switch
            {
                UnauthorizedAccessException => "permission denied",
                FileNotFoundException => "it takes no new files", // ENOENT for an existing folder: /proc, some virtual file systems
                _ => e.Message.Replace(temp, folder, StringComparison.Ordinal),
            };
            throw new IOException($"Cannot write '{path}': no file can be created in '{folder}' ({reason}). Choose a writable folder, or change its permissions.", e);
        }
        try
        {
            using (var stream = created)
            {
                write(stream);
                if (commit) stream.Flush(flushToDisk: true);
            }
            if (commit) File.Move(temp, full, overwrite: true);
            else TryDelete(temp);
        }
        catch (UnauthorizedAccessException e)
        {
            TryDelete(temp);
            throw new IOException($"Cannot write '{path}': {e.Message} Choose a writable folder, or change its permissions.", e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static string ExistingFolder(string path)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        if (!Directory.Exists(folder))
            throw new IOException(File.Exists(folder)
                ? $"Cannot write '{path}': '{folder}' is a file, not a folder. Choose a path inside a folder."
                : $"Cannot write '{path}': the folder '{folder}' does not exist. Create it first (mkdir -p) or choose another path.");
        return folder;
    }

    /// <summary>Writes UTF-8 text (no byte-order mark) atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, s => { using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), leaveOpen: true); w.Write(text); });

    /// <summary>
    /// Deletes the temporary files that writes into <paramref name="folder"/> left behind when their process was killed
    /// between creating and renaming them (recognised by the name pattern and a process id that is no longer running).
    /// The target files themselves were never touched by such a write, so nothing of value is lost.
    /// </summary>
    public static void RemoveStaleTemporaries(string folder, Action<string>? report = null)
    {
        foreach (string file in Directory.EnumerateFiles(folder, ".*.tmp"))
        {
            string[] parts = Path.GetFileName(file).Split('.');
            // ".{name}.{pid}.{guid}.tmp" splits into "", name parts…, pid, guid, "tmp".
            if (parts.Length < 5 || parts[^2].Length != 32 || !int.TryParse(parts[^3], out int pid) || IsRunning(pid)) continue;
            TryDelete(file);
            report?.Invoke($"removed '{file}', left by an interrupted write of process {pid}");
        }
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; } // no such process
        catch (InvalidOperationException) { return false; }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
