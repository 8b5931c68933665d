using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Heed.Tests.Faults;

/// <summary>
/// The built <c>heed</c> (Heed.Cli.dll, copied beside the tests by the project reference) running as a real child
/// process, for what only a process can show: signals, kill -9, a lock held by another process, real standard input.
/// </summary>
internal sealed class ChildHeed : IDisposable
{
    // A safety net against a hung child, not a measurement: every wait ends far sooner when things work.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private ChildHeed(Process process) => _process = process;

    /// <summary>Starts <c>heed ARGS</c>; standard input is left open for <see cref="CloseInput"/> or writing.</summary>
    public static ChildHeed Start(params string[] args)
    {
        var info = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Heed.Cli.dll"));
        foreach (string a in args) info.ArgumentList.Add(a);
        var process = new Process { StartInfo = info };
        var child = new ChildHeed(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is { } l) { child._stdout.Enqueue(l); child._lines.Add(l); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } l) child._stderr.Enqueue(l); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs <c>heed ARGS</c> to the end with <paramref name="stdin"/> as its whole input.</summary>
    public static (int Exit, string Out, string Err) Run(string stdin, params string[] args)
    {
        using var child = Start(args);
        child.Write(stdin);
        child.CloseInput();
        int exit = child.WaitForExit();
        return (exit, child.Out, child.Err);
    }

    /// <summary>The process id, as the lock's owner file records it.</summary>
    public int Id => _process.Id;

    public string Out => string.Join("\n", _stdout) + "\n";
    public string Err => string.Join("\n", _stderr) + "\n";

    public void Write(string text) => _process.StandardInput.Write(text);

    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Blocks until a standard-output line satisfies <paramref name="match"/>; false when the child ended first.</summary>
    public bool WaitForLine(Func<string, bool> match)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (_lines.TryTake(out var line, TimeSpan.FromMilliseconds(100)))
            {
                if (match(line)) return true;
            }
            else if (_process.HasExited && _lines.Count == 0) return false;
        }
        throw new TimeoutException($"no matching line from heed within {Patience}; stdout so far:\n{Out}\nstderr:\n{Err}");
    }

    /// <summary>Sends a POSIX signal (SIGINT = 2, SIGKILL = 9, SIGTERM = 15).</summary>
    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    public const int SigInt = 2, SigKill = 9, SigTerm = 15;

    /// <summary>
    /// Whether this test process ignores <paramref name="signal"/> (Linux's SigIgn mask in /proc/self/status). A shell
    /// starts background jobs (<c>cmd &amp;</c> in a script) with SIGINT and SIGQUIT ignored, every child inherits that,
    /// and .NET leaves an inherited SIG_IGN in place, as a background program should: such a child cannot be
    /// interrupted by SIGINT at all, so a test of SIGINT handling means nothing there.
    /// </summary>
    public static bool IgnoredHere(int signal)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return false;
        string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << (signal - 1))) != 0;
    }

    /// <summary>Waits for the end (all output read) and returns the exit code; a child killed by signal N gives 128 + N.</summary>
    public int WaitForExit()
    {
        if (!_process.WaitForExit(Patience))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"heed did not end within {Patience}; stdout:\n{Out}\nstderr:\n{Err}");
        }
        _process.WaitForExit(); // flushes the asynchronous output readers
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _process.Dispose();
        _lines.Dispose();
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}

/// <summary>A fact that needs POSIX signals and kill -9 semantics: skipped, with the reason shown, on Windows.</summary>
internal sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "POSIX signals (SIGINT, SIGKILL) are not available on Windows.";
    }
}

/// <summary>
/// A theory that needs POSIX signals: skipped, with the reason shown, on Windows; skippable at run time
/// (<c>Skip.If</c>) where the process cannot deliver a signal, e.g. one it ignores itself.
/// </summary>
internal sealed class UnixTheoryAttribute : SkippableTheoryAttribute
{
    public UnixTheoryAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "POSIX signals (SIGINT, SIGTERM) are not available on Windows.";
    }
}
