using System.Globalization;
using Heed.Tests.Cli;
using Heed.Tests.Support;

namespace Heed.Tests.Samples;

/// <summary>
/// samples/HelloHeed/Program.cs is what the README shows a newcomer. It is checked as a newcomer would use it: copied
/// into a brand-new console app in a temporary folder outside the repository, which takes Heed from a local package
/// feed (the collection's <see cref="PackedFeed"/>), not from the repository's projects; built and run with
/// <c>dotnet run</c>, it must train, translate and print the alignment, in at most 15 lines of code.
/// </summary>
[Collection(ChildDotnet.Collection)]
public sealed class HelloHeedSampleTests(PackedFeed feed)
{
    private const int MaxLinesOfCode = 15;

    private static string SampleProgram => File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot(), "samples", "HelloHeed", "Program.cs"));

    /// <summary>Lines of code: not blank and not only a comment (a line with code and a trailing comment counts).</summary>
    internal static int LinesOfCode(string source) =>
        source.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).Count(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal));

    [Fact]
    public void LinesOfCode_CountsCodeLines_NotBlankOrCommentLines()
    {
        Assert.Equal(2, LinesOfCode("// a comment\nusing X;\n\n   // indented comment\nvar x = 1; // trailing\n"));
        Assert.InRange(LinesOfCode(SampleProgram), 1, MaxLinesOfCode);
    }

    [Fact]
    public void Readme_ShowsTheSampleProgram_AsItIs()
    {
        string readme = File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        Assert.Contains("```csharp\n" + SampleProgram.ReplaceLineEndings("\n") + "```", readme);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Sample_InANewAppOutsideTheRepository_FromTheLocalFeed_TrainsTranslatesAndPrintsTheAlignment()
    {
        string program = SampleProgram;
        int lines = LinesOfCode(program);
        Assert.True(lines <= MaxLinesOfCode, $"samples/HelloHeed/Program.cs has {lines} lines of code; the README promises at most {MaxLinesOfCode}.");

        string app = Directory.CreateTempSubdirectory("hello-heed-app-").FullName;
        try
        {
            Assert.False(app.StartsWith(CliRunner.RepositoryRoot(), StringComparison.Ordinal), "the app must not see the repository's build files");
            WriteApp(app, program, feed.Folder);
            var (exit, output, error) = ChildDotnet.RunIn(app, "run", "-c", "Release");
            Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
            AssertTranslatesAndAligns(output);
            // The app really used the packed library: its restore resolved Heed at the feed's version.
            Assert.Contains($"\"Heed/{PackedFeed.Version}\"", File.ReadAllText(Path.Combine(app, "obj", "project.assets.json")));
        }
        finally { Directory.Delete(app, recursive: true); }
    }

    /// <summary>
    /// The project files a user writes by hand: a console app with one PackageReference, and a nuget.config that adds
    /// the feed folder to the machine's package sources (inherited, not cleared, so Heed's own dependencies come from
    /// wherever this machine restores them for the repository). Its packages folder is the app's own, so no Heed
    /// cached by an earlier run is picked up; the machine's packages folder is a fallback, so the dependencies the
    /// repository already restored need no download.
    /// </summary>
    private static void WriteApp(string app, string program, string feedFolder)
    {
        File.WriteAllText(Path.Combine(app, "Program.cs"), program);
        File.WriteAllText(Path.Combine(app, "HelloHeed.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Heed" Version="{PackedFeed.Version}" />
              </ItemGroup>
            </Project>
            """);
        string machinePackages = MachinePackagesFolder();
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(app, "packages")}" />
              </config>
              <packageSources>
                <add key="heed-local-feed" value="{feedFolder}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine" value="{machinePackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);
    }

    /// <summary>Where this machine's restores put packages, as NuGet itself reports it (NUGET_PACKAGES, a config's
    /// globalPackagesFolder, or ~/.nuget/packages).</summary>
    private static string MachinePackagesFolder()
    {
        var (exit, output, error) = ChildDotnet.Run("nuget", "locals", "global-packages", "--list");
        Assert.True(exit == 0, $"dotnet nuget locals: exit {exit}\n{output}\n{error}");
        const string prefix = "global-packages: ";
        string line = Assert.Single(output.ReplaceLineEndings("\n").Split('\n'), l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line[prefix.Length..].Trim();
    }

    /// <summary>The program translates "a b c d e" with a model of the reverse task, which it learns exactly.</summary>
    private static void AssertTranslatesAndAligns(string output)
    {
        var lines = output.ReplaceLineEndings("\n").Split('\n');
        string translation = Assert.Single(lines, l => l.StartsWith("translation: ", StringComparison.Ordinal))["translation: ".Length..];
        // Expected from the task, not from the model: the reversal of the input.
        Assert.Equal(string.Join(' ', "a b c d e".Split(' ').Reverse()), translation);

        // alignment: a header of source tokens, then one row per output token (the translation's tokens and EOS),
        // each holding one weight per source token that together sum to 1 (up to the printed rounding).
        int at = Array.IndexOf(lines, "alignment:");
        Assert.True(at >= 0, output);
        var source = lines[at + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["a", "b", "c", "d", "e", "</s>"], source);
        var rows = lines.Skip(at + 2).TakeWhile(l => l.Trim().Length > 0).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal([.. translation.Split(' '), "</s>"], rows.Select(r => r[0]));
        foreach (var row in rows)
        {
            var weights = row[1..].Select(w => double.Parse(w, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(source.Length, weights.Length);
            Assert.InRange(weights.Sum(), 0.95, 1.05);
        }
        // Each output symbol attends most to the source symbol it copies: the alignment a reversal needs.
        foreach (var row in rows.Take(translation.Split(' ').Length))
        {
            var weights = row[1..].Select(w => double.Parse(w, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(row[0], source[Array.IndexOf(weights, weights.Max())]);
        }
    }
}
