using System.CommandLine;
using Heed.Cli.Commands;

namespace Heed.Tests.Cli;

/// <summary>Runs the real <c>heed</c> command tree in-process with captured output.</summary>
internal static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand("heed (test)");
        foreach (var command in CommandRegistry.All()) root.Subcommands.Add(command);
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The repository root (the folder holding Heed.slnx), found upward from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Heed.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Heed.slnx not found above " + AppContext.BaseDirectory);
    }
}
