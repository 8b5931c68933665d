using Heed.Io;
using Heed.Models;
using Heed.Tests.Cli;
using Heed.Tests.Translation;

namespace Heed.Tests.Models;

/// <summary>
/// Model directories written before the model seam had no <c>model.type</c> key and no schedule, optimiser or joint
/// vocabulary keys, and their checkpoints carry the format "heed-rnn-1". A directory made by a test and stripped of
/// those keys (as the older build wrote config.yaml) must still load as an RNN and translate to the same text and
/// scores as the config the seam writes.
/// </summary>
public class PreSeamModelDirectoryTests(TinyTrainedModel trained) : IClassFixture<TinyTrainedModel>
{
    private static readonly string[] KeysAddedByTheSeam =
        ["  type:", "  joint_vocab:", "  schedule:", "  warmup_steps:", "  optimizer:", "  weight_decay:", "  beta2:"];

    private string OldStyleCopy()
    {
        string copy = Path.Combine(trained.Folder, "pre-seam");
        System.IO.Directory.CreateDirectory(copy);
        foreach (var file in System.IO.Directory.GetFiles(trained.Directory))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)), overwrite: true);
        string config = Path.Combine(copy, "config.yaml");
        File.WriteAllLines(config, File.ReadAllLines(config).Where(l => !KeysAddedByTheSeam.Any(k => l.StartsWith(k, StringComparison.Ordinal))));
        return copy;
    }

    [Fact]
    public void Loads_AsAnRnnModel_WithTheOldCheckpointFormat()
    {
        string dir = OldStyleCopy();
        Assert.DoesNotContain("type:", File.ReadAllText(Path.Combine(dir, "config.yaml")));
        var (config, _, _, model) = new ModelDirectory(dir).Load();
        Assert.Equal("rnn", config.Model.Type);
        Assert.IsType<RnnSeq2Seq>(model);
        Assert.Equal("heed-rnn-1", SafeTensors.Read(Path.Combine(dir, "best.safetensors")).Metadata["format"]);
    }

    [Theory]
    [InlineData("--beam", "3", "--nbest", "2")]
    [InlineData("--beam", "1")]
    public void Translates_ExactlyAsTheDirectoryTheSeamWrote(params string[] options)
    {
        string input = Path.Combine(trained.Folder, "pre-seam-input.txt");
        File.WriteAllLines(input, trained.Inputs);
        var (exit, expected, error) = CliRunner.Run(["translate", trained.Directory, "--input", input, .. options]);
        Assert.True(exit == 0, error);
        var (oldExit, output, oldError) = CliRunner.Run(["translate", OldStyleCopy(), "--input", input, .. options]);
        Assert.True(oldExit == 0, oldError);
        Assert.Equal(expected, output);
    }
}
