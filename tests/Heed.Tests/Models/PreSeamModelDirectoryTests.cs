using Heed.Io;
using Heed.Models;
using Heed.Tests.Cli;

namespace Heed.Tests.Models;

/// <summary>
/// A model directory written before the model seam existed (no <c>model.type</c> key, checkpoint format
/// "heed-rnn-1"): trained at commit d6530f5 with `heed train` on a generated reverse task (16-wide embeddings,
/// 32-wide GRU, 3 epochs), and its `heed translate` outputs recorded by that same build. It must still load as an
/// RNN and translate to the very same text and scores.
/// </summary>
public class PreSeamModelDirectoryTests
{
    private static string Fixture(string file = "") =>
        Path.Combine(CliRunner.RepositoryRoot(), "tests", "Heed.Tests", "Fixtures", "rnn-heed-rnn-1", file);

    [Fact]
    public void Loads_AsAnRnnModel_WithTheOldCheckpointFormat()
    {
        var (config, _, _, model) = new ModelDirectory(Fixture()).Load();
        Assert.Equal("rnn", config.Model.Type);
        Assert.IsType<RnnSeq2Seq>(model);
        Assert.Equal("heed-rnn-1", model.CheckpointFormat);
    }

    [Theory]
    [InlineData("expected.beam3.nbest2.txt", "--beam", "3", "--nbest", "2")]
    [InlineData("expected.greedy.txt", "--beam", "1")]
    public void Translates_ExactlyAsTheBuildThatWroteIt(string expected, params string[] options)
    {
        var (exit, output, error) = CliRunner.Run(["translate", Fixture(), "--input", Fixture("input.txt"), .. options]);
        Assert.True(exit == 0, error);
        Assert.Equal(File.ReadAllText(Fixture(expected)).ReplaceLineEndings(), output.ReplaceLineEndings());
    }
}
