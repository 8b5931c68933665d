using System.Diagnostics;
using Heed.Tests.Cli;

namespace Heed.Tests.Support;

/// <summary>
/// Runs the dotnet CLI as a user would (<c>dotnet run</c>, <c>dotnet pack</c>): on this repository from its root, or
/// in another folder. Tests that do so share one collection: two child builds of the same projects at once would race
/// on their obj/ (and a 2-core machine gains nothing from running them side by side).
/// </summary>
internal static class ChildDotnet
{
    public const string Collection = "Child builds of the repository";

    /// <summary><c>dotnet arguments…</c> from the repository root.</summary>
    public static (int Exit, string Out, string Err) Run(params string[] arguments) => RunIn(CliRunner.RepositoryRoot(), arguments);

    /// <summary><c>dotnet arguments…</c> from <paramref name="folder"/>; waits up to 5 minutes.</summary>
    public static (int Exit, string Out, string Err) RunIn(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in arguments) start.ArgumentList.Add(arg);
        // The test host inherits MSBuild settings from `dotnet test`; a child build must find its own SDK, and must
        // not leave build servers behind after the test.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToArray())
            start.Environment.Remove(key);
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in 5 minutes\n{output.Result}\n{error.Result}");
        }
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}

[CollectionDefinition(ChildDotnet.Collection, DisableParallelization = true)]
public sealed class ChildDotnetCollection : ICollectionFixture<PackedFeed>;
