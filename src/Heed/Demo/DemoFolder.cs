using Heed.Io;

namespace Heed.Demo;

/// <summary>
/// The output folder rule of the pointer and NTM demos, the same as <see cref="DemoRun"/>'s: a folder holding the
/// demo marker is emptied, a missing one created, and any other non-empty folder refused, so a mistyped --out never
/// wipes someone's files.
/// </summary>
internal static class DemoFolder
{
    /// <returns>The folder's full path, now empty but for the marker.</returns>
    /// <exception cref="HeedInputException">the folder is not a demo's, or cannot be written.</exception>
    public static string Reset(string outDir, string task, int seed)
    {
        string dir = Path.GetFullPath(outDir);
        try
        {
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
            {
                if (!File.Exists(Path.Combine(dir, DemoRun.MarkerFile)))
                    throw new HeedInputException($"--out '{dir}' is a non-empty folder that heed demo did not make; choose a new or empty folder (the demo replaces its folder's contents).");
                Directory.Delete(dir, recursive: true);
            }
            Directory.CreateDirectory(dir);
            AtomicFile.WriteAllText(Path.Combine(dir, DemoRun.MarkerFile),
                $"Made by heed demo --task {task} --seed {seed}. The next demo run with this --out replaces everything here.\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HeedInputException($"Cannot write the demo's output folder --out '{dir}': {e.Message}", e);
        }
        return dir;
    }
}
