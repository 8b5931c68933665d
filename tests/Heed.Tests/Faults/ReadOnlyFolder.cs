namespace Heed.Tests.Faults;

/// <summary>
/// A folder without write permission, for tests of unwritable output paths. Whether permissions stop this process is
/// found by trying: root (or CAP_DAC_OVERRIDE, usual in containers) writes anyway, and then such tests are skipped
/// with that reason rather than passing without having tested anything; a path under a regular file, which no one
/// can write, covers the same refusal for them.
/// </summary>
internal static class ReadOnlyFolder
{
    public static readonly bool PermissionsApply = Probe();

    /// <summary>A new folder with mode r-x for everyone.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static string Create()
    {
        string dir = Directory.CreateTempSubdirectory("heed-readonly").FullName;
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return dir;
    }

    private static bool Probe()
    {
        if (OperatingSystem.IsWindows()) return false;
        string dir = Create();
        try
        {
            File.WriteAllText(Path.Combine(dir, "probe"), "");
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }
}

/// <summary>A fact about read-only folders: skipped, saying why, where this process is not stopped by permissions.</summary>
internal sealed class ReadOnlyFolderFactAttribute : FactAttribute
{
    public ReadOnlyFolderFactAttribute()
    {
        if (!ReadOnlyFolder.PermissionsApply)
            Skip = "this process writes into read-only folders anyway (root or CAP_DAC_OVERRIDE); the under-a-regular-file tests cover unwritable paths here.";
    }
}

/// <summary>A fact that relies on Linux's /proc: skipped, saying so, elsewhere.</summary>
internal sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "relies on Linux's /proc, which takes no new files.";
    }
}
