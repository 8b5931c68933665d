using System.Globalization;

namespace Heed.Tests.Samples;

/// <summary>
/// samples/HelloHeed is what the README points a newcomer to: build and run it as they would
/// (<c>dotnet run --project samples/HelloHeed -c Release</c>) and check it still trains, translates and prints an
/// alignment, so an API change that breaks the sample fails here rather than in a reader's hands.
/// </summary>
[Collection(ChildDotnet.Collection)]
public sealed class HelloHeedSampleTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public void Sample_TrainsTheReverseTask_TranslatesIt_AndPrintsOneAlignmentRowPerOutputToken()
    {
        var (exit, output, error) = RunSample();
        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        var lines = output.ReplaceLineEndings("\n").Split('\n');

        // The sample translates "a b c d e"; the reverse task is learnt exactly, so anything else is a regression.
        string translation = Assert.Single(lines, l => l.StartsWith("translation: ", StringComparison.Ordinal))["translation: ".Length..];
        Assert.Equal("e d c b a", translation);

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
    }

    /// <summary><c>dotnet run</c> on the sample from the repository root; its bin/ and obj/ are gitignored.</summary>
    private static (int Exit, string Out, string Err) RunSample() =>
        ChildDotnet.Run("run", "--project", Path.Combine("samples", "HelloHeed"), "-c", "Release");
}
