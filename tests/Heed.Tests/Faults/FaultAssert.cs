namespace Heed.Tests.Faults;

/// <summary>What every refused input must look like on the outside: the documented exit code, a message, no trace.</summary>
internal static class FaultAssert
{
    /// <summary>The process's stderr holds no .NET stack trace or exception type name.</summary>
    public static void NoStackTrace(string error)
    {
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("Exception", error);
    }

    /// <summary>Exit code 2 and a first stderr line that starts with "heed VERB: " and contains every expected piece.</summary>
    public static string InputError((int Exit, string Out, string Err) run, string verb, params string[] expected)
    {
        Assert.True(run.Exit == 2, $"exit {run.Exit}; stdout: {run.Out}; stderr: {run.Err}");
        NoStackTrace(run.Err);
        string first = run.Err.Split('\n')[0];
        Assert.StartsWith($"heed {verb}: ", first);
        Record(run.Exit, first);
        foreach (string piece in expected) Assert.Contains(piece, run.Err);
        return first;
    }

    /// <summary>
    /// With HEED_FAULT_TABLE naming a file, appends "test TAB exit TAB first line" to it: the table of refusals that the
    /// reliability report and docs/troubleshooting.md quote, taken from the tests themselves.
    /// </summary>
    private static void Record(int exit, string first)
    {
        if (Environment.GetEnvironmentVariable("HEED_FAULT_TABLE") is not { Length: > 0 } table) return;
        var test = new System.Diagnostics.StackTrace().GetFrames().Select(f => f.GetMethod())
            .FirstOrDefault(m => m is not null && m.GetCustomAttributes(typeof(FactAttribute), inherit: true).Length > 0);
        lock (typeof(FaultAssert))
            File.AppendAllText(table, $"{test?.DeclaringType?.Name}.{test?.Name}\t{exit}\t{first}\n");
    }

    /// <summary>No file in <paramref name="folder"/> (nor a temporary file of an atomic write) is left by a refused run.</summary>
    public static void NoFilesLeft(string folder, params string[] except)
    {
        if (!Directory.Exists(folder)) return;
        var left = Directory.GetFiles(folder).Select(Path.GetFileName).Where(f => !except.Contains(f)).ToArray();
        Assert.True(left.Length == 0, $"left in {folder}: {string.Join(", ", left)}");
    }
}
