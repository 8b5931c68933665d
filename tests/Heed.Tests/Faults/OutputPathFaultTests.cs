using Heed.Tests.Cli;
using Heed.Tests.Demo;

namespace Heed.Tests.Faults;

/// <summary>
/// <c>--out</c>/<c>--output</c> paths that cannot be written, for align, test and plot: refused before any work with
/// exit 2 and the folder named, and no file (final or temporary) left anywhere.
/// </summary>
[Collection(TinyDemoCollection.Name)]
public class OutputPathFaultTests(TinyDemoModel tiny)
{
    private (int, string, string) Write(string verb, string outPath)
    {
        string input = Path.Combine(Directory.CreateTempSubdirectory("heed-out-input").FullName, "in.txt");
        File.WriteAllText(input, "abc\n");
        return verb switch
        {
            "align" => CliRunner.Run("align", tiny.Result.ModelDir, "--sentence", "abc", "--out", outPath),
            "test" => CliRunner.Run("test", tiny.Result.ModelDir, "--src", input, "--ref", input, "--output", outPath),
            _ => CliRunner.Run("plot", tiny.Result.ModelDir, "--out", outPath),
        };
    }

    private static string OutName(string verb) => verb == "test" ? "hyps.txt" : "out.svg";

    [Theory]
    [InlineData("align")]
    [InlineData("test")]
    [InlineData("plot")]
    public void MissingFolder_IsNamed_WithMkdir(string verb)
    {
        string parent = Directory.CreateTempSubdirectory("heed-out").FullName;
        string outPath = Path.Combine(parent, "missing", OutName(verb));
        FaultAssert.InputError(Write(verb, outPath), verb, $"the folder '{Path.Combine(parent, "missing")}' does not exist", "mkdir -p");
        Assert.Empty(Directory.GetFileSystemEntries(parent));
    }

    [Theory]
    [InlineData("align")]
    [InlineData("test")]
    [InlineData("plot")]
    public void FolderThatIsARegularFile_IsNamed(string verb)
    {
        // Unwritable for everyone, root included: a path whose folder is a file.
        string parent = Directory.CreateTempSubdirectory("heed-out").FullName;
        string file = Path.Combine(parent, "notes.txt");
        File.WriteAllText(file, "keep me");
        FaultAssert.InputError(Write(verb, Path.Combine(file, OutName(verb))), verb, $"'{file}' is a file, not a folder");
        Assert.Equal("keep me", File.ReadAllText(file));
        Assert.Single(Directory.GetFileSystemEntries(parent));
    }

    [LinuxFact]
    public void FolderWhereNoFileCanBeCreated_IsRefused_RootIncluded()
    {
        // /proc takes no new files from anyone: the unwritable folder that root meets too.
        foreach (string verb in new[] { "align", "test", "plot" })
        {
            string outPath = Path.Combine("/proc", OutName(verb));
            FaultAssert.InputError(Write(verb, outPath), verb, $"Cannot write '{outPath}': no file can be created in '/proc'", "Choose a writable folder");
            Assert.False(File.Exists(outPath));
        }
    }

    [ReadOnlyFolderFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void ReadOnlyFolder_IsRefused_NamingThePath()
    {
        foreach (string verb in new[] { "align", "test", "plot" })
        {
            string dir = ReadOnlyFolder.Create();
            string outPath = Path.Combine(dir, OutName(verb));
            FaultAssert.InputError(Write(verb, outPath), verb, $"Cannot write '{outPath}'", "Choose a writable folder");
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }
    }
}
