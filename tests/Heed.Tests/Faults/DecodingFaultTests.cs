using Heed.Tests.Cli;
using Heed.Tests.Demo;

namespace Heed.Tests.Faults;

/// <summary>Odd input and options for translate, test, score, align and plot on a trained tiny model (char tokens, max_length 64).</summary>
[Collection(TinyDemoCollection.Name)]
public class DecodingFaultTests(TinyDemoModel tiny)
{
    private string Model => tiny.Result.ModelDir;

    private static string Folder() => Directory.CreateTempSubdirectory("heed-decode").FullName;

    private static string File_(string text, string name = "in.txt")
    {
        string path = Path.Combine(Folder(), name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void EmptyInputFile_Translates_ToNothing_WithAWarning()
    {
        var (exit, output, error) = CliRunner.Run("translate", Model, "--input", File_(""));
        Assert.Equal(0, exit);
        Assert.Equal("", output);
        Assert.Contains("warning: the input is empty", error);
    }

    [UnixFact]
    public void EmptyStdin_OfARealProcess_Translates_ToNothing_WithAWarning()
    {
        var (exit, output, error) = ChildHeed.Run("", "translate", Model);
        Assert.True(exit == 0, error);
        Assert.Equal("", output.Trim());
        Assert.Contains("warning: the input is empty", error);
    }

    [Fact]
    public void EmptyTestSet_And_EmptyScoreFiles_AreRefused()
    {
        string empty = File_("");
        FaultAssert.InputError(CliRunner.Run("test", Model, "--src", empty, "--ref", empty), "test", $"'{empty}' has no lines; there is nothing to test");
        FaultAssert.InputError(CliRunner.Run("score", "--hyp", empty, "--ref", empty), "score", $"'{empty}' has no lines; there is nothing to score");
    }

    [Fact]
    public void TenThousandTokenLine_IsCutToTheModelsMaximum_WithAWarning()
    {
        // 10,000 characters are 10,000 tokens for this character model; search sees 64 of them, so time and memory
        // are those of a 64-token sentence (the attention rows below are the proof: 64 tokens and the end marker).
        string line = string.Concat(Enumerable.Repeat("abcde", 2_000));
        string input = File_(line + "\nabc\n");
        var (exit, output, error) = CliRunner.Run("translate", Model, "--input", input);
        Assert.Equal(0, exit);
        Assert.Contains("input 1: 10000 tokens, cut to the model's maximum of 64", error);
        Assert.Equal(2, output.TrimEnd().Split('\n').Length);

        string picture = Path.Combine(Path.GetDirectoryName(input)!, "long.svg");
        (exit, _, error) = CliRunner.Run("align", Model, "--sentence", line, "--out", picture);
        Assert.Equal(0, exit);
        Assert.Contains("cut to the model's maximum of 64", error);
        Assert.Equal(65, System.Xml.Linq.XDocument.Load(picture).Descendants().Count(e => (string?)e.Attribute("class") == "source-label"));

        (exit, _, error) = CliRunner.Run("test", Model, "--src", input, "--ref", input);
        Assert.Equal(0, exit);
        Assert.Contains("cut to the model's maximum of 64", error);
    }

    [Fact]
    public void UnseenCharacters_BecomeUnknownTokens_AndStillTranslate()
    {
        var (exit, output, error) = CliRunner.Run("translate", Model, "--input", File_("xyz\n\u4e2d\u6587 \U0001F600\n\u0007\u00e9\n"));
        Assert.True(exit == 0, error);
        Assert.Equal(3, output.TrimEnd('\n').Split('\n').Length);
    }

    [Theory]
    [InlineData("translate", "0", "--beam 0: must be at least 1")]
    [InlineData("translate", "1000", "--beam 1000: must be at most 100")]
    [InlineData("test", "0", "--beam 0: must be at least 1")]
    [InlineData("test", "1000", "--beam 1000: must be at most 100")]
    [InlineData("align", "0", "--beam 0: must be at least 1")]
    [InlineData("align", "1000", "--beam 1000: must be at most 100")]
    public void BeamOutOfRange_IsRefused(string verb, string beam, string expected)
    {
        string input = File_("abc\n");
        string[] args = verb switch
        {
            "translate" => ["translate", Model, "--input", input, "--beam", beam],
            "test" => ["test", Model, "--src", input, "--ref", input, "--beam", beam],
            _ => ["align", Model, "--sentence", "abc", "--out", Path.Combine(Path.GetDirectoryName(input)!, "a.svg"), "--beam", beam],
        };
        FaultAssert.InputError(CliRunner.Run(args), verb, expected);
        FaultAssert.NoFilesLeft(Path.GetDirectoryName(input)!, "in.txt");
    }

    [Theory]
    [InlineData("--batch-size", "0", "--batch-size 0: must be at least 1")]
    [InlineData("--batch-size", "-3", "--batch-size -3: must be at least 1")]
    [InlineData("--alpha", "NaN", "--alpha NaN: must be a number of 0 or more")]
    [InlineData("--alpha", "-1", "--alpha -1: must be a number of 0 or more")]
    public void OtherDecodingOptionsOutOfRange_AreRefused_NotAStackTrace(string option, string value, string expected)
    {
        string input = File_("abc\n");
        FaultAssert.InputError(CliRunner.Run("translate", Model, "--input", input, option, value), "translate", expected);
        FaultAssert.InputError(CliRunner.Run("test", Model, "--src", input, "--ref", input, option, value), "test", expected);
    }

    [Fact]
    public void NBestAboveTheBeam_IsRefused()
    {
        string input = File_("abc\n");
        FaultAssert.InputError(CliRunner.Run("translate", Model, "--input", input, "--beam", "2", "--nbest", "3"), "translate",
            "--nbest 3: must be between 1 and the beam width (2)");
        FaultAssert.InputError(CliRunner.Run("test", Model, "--src", input, "--ref", input, "--beam", "2", "--nbest", "3"), "test", "--nbest 3");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void AlignEmptySentence_IsRefused(string sentence)
    {
        string folder = Folder();
        FaultAssert.InputError(CliRunner.Run("align", Model, "--sentence", sentence, "--out", Path.Combine(folder, "a.svg")), "align",
            "--sentence is empty; there is nothing to align");
        FaultAssert.NoFilesLeft(folder);
    }
}
