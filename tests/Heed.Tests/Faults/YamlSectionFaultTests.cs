using Heed.Config;

namespace Heed.Tests.Faults;

/// <summary>The generic YAML reader's answers to bad text, including the deferred required keys ExperimentConfig can adopt.</summary>
public class YamlSectionFaultTests
{
    [Fact]
    public void RequiredKeys_AreReportedAfterUnknownKeys_SoTheTypoComesFirst()
    {
        var root = YamlSection.Parse("data:\n  train_source: a.txt\nmodle:\n  hidden: 4\n", "c.yaml");
        var data = root.Section("data");
        Assert.Equal("", data.Required("train_src"));
        Assert.Equal("", data.Required("train_trg"));
        var e = Assert.Throws<HeedInputException>(() => data.RejectUnknownKeys());
        Assert.Equal("c.yaml:2: unknown key 'data.train_source'. Valid keys in 'data': train_src, train_trg.", e.Message);

        var top = YamlSection.Parse("modle:\n  hidden: 4\n", "c.yaml");
        top.Section("data").Required("train_src");
        top.Section("model");
        e = Assert.Throws<HeedInputException>(() => top.RejectUnknownKeys());
        Assert.StartsWith("c.yaml:1: unknown key 'modle'.", e.Message);
        e = Assert.Throws<HeedInputException>(top.RejectMissingKeys);
        Assert.Equal("c.yaml: key 'data.train_src' is required.", e.Message);
    }

    [Fact]
    public void RequiredKeys_ThatAreGiven_PassAndAreNotReported()
    {
        var root = YamlSection.Parse("data:\n  train_src: a.txt\n", "c.yaml");
        Assert.Equal("a.txt", root.Section("data").Required("train_src"));
        root.RejectUnknownKeys();
        root.RejectMissingKeys();
    }

    [Theory]
    [InlineData("a: 1\nb:\n  c: 2\n  d: 3\n  c: 4\n", "c.yaml:5: key 'b.c' is given twice (first on line 3); keep one.")]
    [InlineData("a: 1\na: 2\n", "c.yaml:2: key 'a' is given twice (first on line 1); keep one.")]
    [InlineData("a:\n  - x: 1\n    x: 2\n", "c.yaml:3: key 'a.x' is given twice (first on line 2); keep one.")]
    public void DuplicateKeys_NameTheirPathAndBothLines(string yaml, string expected) =>
        Assert.Equal(expected, Assert.Throws<HeedInputException>(() => YamlSection.Parse(yaml, "c.yaml")).Message);

    [Fact]
    public void SameKeyInTwoSections_IsNotADuplicate()
    {
        var root = YamlSection.Parse("a:\n  x: 1\nb:\n  x: 2\n", "c.yaml");
        Assert.Equal(2, root.Section("b").Int("x", 0));
    }
}
