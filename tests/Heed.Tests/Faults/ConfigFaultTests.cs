using Heed.Tests.Cli;
using Heed.Tests.Training;

namespace Heed.Tests.Faults;

/// <summary>
/// Bad experiment configs given to <c>heed train</c>: refused with exit 2 before anything is trained or written, with the
/// file, line and key and what is allowed. The cases that need ExperimentConfig to change are skipped, saying what.
/// </summary>
public class ConfigFaultTests
{
    private static readonly ToyTask Data = new(trainPairs: 40, devPairs: 4);

    /// <summary>Writes <paramref name="yaml"/> as a config file in a fresh folder and runs heed train on it.</summary>
    private static (int, string, string) Train(string yaml, out string file)
    {
        file = Path.Combine(Directory.CreateTempSubdirectory("heed-config").FullName, "bad.yaml");
        File.WriteAllText(file, yaml);
        return CliRunner.Run("train", file);
    }

    /// <summary>The valid toy config with one line replaced (or, when <paramref name="find"/> is absent, a line added to the section).</summary>
    private static string Edited(string find, string replacement) =>
        Data.Yaml().Contains(find) ? Data.Yaml().Replace(find, replacement) : throw new ArgumentException($"'{find}' is not in the toy config");

    private static void Refused(string yaml, params string[] expected)
    {
        var run = Train(yaml, out string file);
        FaultAssert.InputError(run, "train", [file, .. expected]);
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(file)!, "model")));
        Assert.False(File.Exists(Path.Combine(Data.Folder, "model", "last.safetensors")));
    }

    [Theory]
    [InlineData("  tokenizer: word", "  tokenizer: word\n  tokeniser: word", "unknown key 'data.tokeniser'")]
    [InlineData("  hidden: 48", "  hidden: 48\n  hiden: 48", "unknown key 'model.hiden'")]
    [InlineData("  epochs: 3", "  epochs: 3\n  epoch: 3", "unknown key 'training.epoch'")]
    [InlineData("  beam: 3", "  beam: 3\n  beams: 3", "unknown key 'decoding.beams'")]
    [InlineData("name: toy-reverse", "name: toy-reverse\nmodle:\n  hidden: 4", "unknown key 'modle'")]
    public void UnknownKey_InEverySection_IsNamed_WithTheValidKeys(string find, string replacement, string expected) =>
        Refused(Edited(find, replacement), expected, "Valid keys");

    [Fact]
    public void UnknownTopLevelKey_IsReportedBefore_MissingKeys() =>
        Refused("modle:\n  hidden: 4\n", "unknown key 'modle'");

    [Fact]
    public void UnknownKeyInASection_IsReportedBefore_ThatSectionsMissingKeys() =>
        Refused(Edited("  train_src:", "  train_source:"), "unknown key 'data.train_source'");

    [Theory]
    [InlineData("  epochs: 3", "  epochs: three", "key 'training.epochs' must be a whole number; got 'three'")]
    [InlineData("  dropout: 0.1", "  dropout: high", "key 'model.dropout' must be a number; got 'high'")]
    [InlineData("  tokenizer: word", "  tokenizer: word\n  lowercase: maybe", "key 'data.lowercase' must be true or false; got 'maybe'")]
    [InlineData("  hidden: 48", "  hidden: [48, 64]", "key 'model.hidden' must be a single value")]
    [InlineData("  beam: 3", "  beam: 3.5", "key 'decoding.beam' must be a whole number; got '3.5'")]
    public void WrongType_IsNamed_WithWhatIsExpected(string find, string replacement, string expected) =>
        Refused(Edited(find, replacement), expected);

    [Fact]
    public void SectionThatIsNotAMapping_IsNamed() =>
        Refused(Data.Yaml().Replace("decoding:\n  beam: 3", "decoding: 3"), "key 'decoding' must be a mapping");

    [Theory]
    [InlineData("  epochs: 3", "  epochs: -1", "key 'training.epochs' is -1; it must be in [1, ")]
    [InlineData("  dropout: 0.1", "  dropout: 1.5", "key 'model.dropout' is 1.5; it must be in [0, 0.95]")]
    [InlineData("  beam: 3", "  beam: 0", "key 'decoding.beam' is 0; it must be in [1, 100]")]
    [InlineData("  batch_sentences: 32", "  batch_sentences: -4", "key 'training.batch_sentences' is -4")]
    public void OutOfRange_IsNamed_WithTheRange(string find, string replacement, string expected) =>
        Refused(Edited(find, replacement), expected);

    [Fact]
    public void BatchOfZero_IsRefused() =>
        Refused(Edited("  batch_sentences: 32", "  batch_sentences: 0\n  batch_tokens: 0"), "batch");

    [Fact]
    public void DuplicateKey_IsNamed_WithBothLines() =>
        Refused(Edited("  epochs: 3", "  epochs: 3\n  epochs: 5"), "key 'training.epochs' is given twice", "keep one");

    [Fact]
    public void DuplicateSection_IsNamed() =>
        Refused(Data.Yaml() + "\nmodel:\n  hidden: 8\n", "key 'model' is given twice");

    [Fact]
    public void TabIndentation_IsNamed_WithTheLineAndTheFix() =>
        Refused(Edited("  hidden: 48", "\thidden: 48"), "tab", "indent with spaces");

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n# only a comment\n")]
    public void EmptyFile_IsNamed_AsEmpty(string yaml) =>
        Refused(yaml, "is empty");

    [Fact]
    public void ModelDirThatIsARegularFile_IsRefused_NamingIt()
    {
        string file = Path.Combine(Directory.CreateTempSubdirectory("heed-modeldir").FullName, "model");
        File.WriteAllText(file, "not a folder");
        var run = Train(Data.Yaml().Replace(Path.Combine(Data.Folder, "model"), file), out _);
        FaultAssert.InputError(run, "train", $"Cannot create the model directory '{file}'", "Set training.model_dir to a folder you can write");
        Assert.Equal("not a folder", File.ReadAllText(file));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("5000")]
    public void ThreadsOutOfRange_OnTheCommandLine_AreRefused(string threads)
    {
        string config = Path.Combine(Directory.CreateTempSubdirectory("heed-config").FullName, "ok.yaml");
        File.WriteAllText(config, Data.Yaml());
        FaultAssert.InputError(CliRunner.Run("train", config, "--threads", threads), "train", $"--threads {threads}: must be between 1 and 1024");
    }

    [ReadOnlyFolderFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void ModelDirThatIsReadOnly_IsRefused_NamingIt()
    {
        string dir = ReadOnlyFolder.Create();
        var run = Train(Data.Yaml().Replace(Path.Combine(Data.Folder, "model"), dir), out _);
        FaultAssert.InputError(run, "train", dir);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }
}
