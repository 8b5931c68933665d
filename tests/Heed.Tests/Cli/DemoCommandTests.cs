using System.CommandLine;
using System.Text.Json;
using Heed.Cli.Commands;
using Heed.Tests.Demo;

namespace Heed.Tests.Cli;

public class DemoCommandTests
{
    internal static (int Exit, string Out, string Err) Run(Command command, params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(command);
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = root.Parse([command.Name, .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void TinyRun_PrintsTableScoreAndJsonLastLine()
    {
        string outDir = Path.Combine(Directory.CreateTempSubdirectory("heed-demo-cli").FullName, "demo");
        var tiny = TinyDemoModel.Tiny with { TrainPairs = 200, TestPairs = 30, Steps = 40, ValidateEvery = 40 };
        var (exit, output, error) = Run(DemoCommand.Create(tiny), "--task", "copy", "--out", outDir, "--json", "--threads", "1");

        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Contains("held-out examples", output);
        Assert.Contains("exact match:", output);
        using var json = JsonDocument.Parse(output.TrimEnd().Split('\n')[^1]);
        Assert.Equal("copy", json.RootElement.GetProperty("task").GetString());
        Assert.Equal(Path.GetFullPath(outDir), json.RootElement.GetProperty("out").GetString());
        Assert.InRange(json.RootElement.GetProperty("exact_match").GetDouble(), 0, 1);
        Assert.True(json.RootElement.GetProperty("seconds").GetDouble() > 0);
        // The printed count agrees with the JSON score: "(k of 30 held-out pairs)".
        var count = System.Text.RegularExpressions.Regex.Match(output, @"\((\d+) of 30 held-out pairs\)");
        Assert.True(count.Success, output);
        Assert.Equal(int.Parse(count.Groups[1].Value) / 30.0, json.RootElement.GetProperty("exact_match").GetDouble(), 4);
        Assert.True(File.Exists(Path.Combine(outDir, "alignments.html")));
        Assert.True(File.Exists(Path.Combine(outDir, "alignments", "example-1.png")));
    }

    [Fact]
    public void UnknownTask_ExitsNonZeroNamingIt()
    {
        var (exit, _, error) = Run(DemoCommand.Create(), "--task", "translate-klingon");
        Assert.Equal(CliErrors.InputError, exit);
        Assert.Contains("'translate-klingon'", error);
        Assert.Contains("dates, reverse, copy, sort", error);
    }

    [Fact]
    public void UnwritableOut_ExitsNonZeroNamingIt()
    {
        // A path below a regular file cannot be created, even by root (permission bits would not stop root).
        string file = Path.Combine(Directory.CreateTempSubdirectory("heed-demo-cli").FullName, "a-file");
        File.WriteAllText(file, "x");
        string outDir = Path.Combine(file, "demo");
        var (exit, _, error) = Run(DemoCommand.Create(), "--task", "copy", "--out", outDir);
        Assert.Equal(CliErrors.InputError, exit);
        Assert.Contains(outDir, error);
    }

    [Fact]
    public void ZeroThreads_IsRefused()
    {
        var (exit, _, error) = Run(DemoCommand.Create(), "--threads", "0", "--out", Path.Combine(Path.GetTempPath(), "never-made"));
        Assert.Equal(CliErrors.InputError, exit);
        Assert.Contains("--threads 0", error);
        Assert.False(Directory.Exists(Path.Combine(Path.GetTempPath(), "never-made")));
    }
}
