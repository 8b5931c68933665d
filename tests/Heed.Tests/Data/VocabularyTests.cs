using Heed.Data;

namespace Heed.Tests.Data;

public class VocabularyTests
{
    // Counts by hand: a 4, B 2, c 2, b 2, d 1, "<unk>" 1 (a special, not counted).
    private static readonly string[][] Sentences =
    [
        ["a", "c", "B", "a"], ["b", "a", "d"], ["c", "b", "a", "B", "<unk>"],
    ];

    [Fact]
    public void Build_PutsSpecialsFirst_ThenFrequencyDescending_TiesInOrdinalOrder()
    {
        var vocab = Vocabulary.Build(Sentences);
        // Ordinal order puts 'B' (0x42) before 'b' (0x62) before 'c'; a culture-aware sort would not.
        Assert.Equal(["<unk>", "<pad>", "<s>", "</s>", "a", "B", "b", "c", "d"], vocab.Tokens);
        Assert.Equal(0, Vocabulary.Unk);
        Assert.Equal(1, Vocabulary.Pad);
        Assert.Equal(2, Vocabulary.Bos);
        Assert.Equal(3, Vocabulary.Eos);
    }

    [Fact]
    public void Build_AppliesMinFrequencyAndMaxSize()
    {
        Assert.Equal(["<unk>", "<pad>", "<s>", "</s>", "a", "B", "b", "c"], Vocabulary.Build(Sentences, minFrequency: 2).Tokens);
        // maxSize counts the 4 specials: 6 leaves room for "a" and the first of the tied 2-count tokens.
        Assert.Equal(["<unk>", "<pad>", "<s>", "</s>", "a", "B"], Vocabulary.Build(Sentences, maxSize: 6).Tokens);
        Assert.Throws<ArgumentOutOfRangeException>(() => Vocabulary.Build(Sentences, maxSize: 3));
    }

    [Fact]
    public void EncodeAndDecode()
    {
        var vocab = Vocabulary.Build(Sentences);
        // Ids from the order above: a=4, B=5, d=8; "zzz" is unknown.
        Assert.Equal([2, 4, 0, 8, 3], vocab.Encode(["a", "zzz", "d"], addBos: true, addEos: true));
        Assert.Equal([5], vocab.Encode(["B"], addBos: false, addEos: false));
        // Decode skips <s> and <pad>, keeps <unk>, stops at the first </s>.
        Assert.Equal(["a", "<unk>", "d"], vocab.Decode([2, 4, 0, 1, 8, 3, 5, 5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => vocab.Decode([4, 99]));
    }

    [Fact]
    public void SaveAndLoad_RoundTrip()
    {
        string path = Path.Combine(TempFiles.Folder(), "vocab.txt");
        var vocab = Vocabulary.Build(Sentences);
        vocab.Save(path);
        Assert.Equal(vocab.Tokens, File.ReadAllLines(path));
        var loaded = Vocabulary.Load(path);
        Assert.Equal(vocab.Tokens, loaded.Tokens);
        Assert.Equal(7, loaded.IdOf("c"));
    }

    [Theory]
    [InlineData("<unk>\n<pad>\n<s>\n</s>\na\nb\na\n", "line 7", "first on line 5")]
    [InlineData("<unk>\n<pad>\n</s>\n<s>\na\n", "line 3", "<s>")]
    [InlineData("<unk>\n<pad>\n<s>\n</s>\na\n\nb\n", "line 6", "empty")]
    [InlineData("<unk>\n<pad>\n", "2 lines", "special")]
    public void Load_Malformed_NamesFileAndLine(string content, string where, string what)
    {
        string path = TempFiles.Write(TempFiles.Folder(), "vocab.txt", content);
        var e = Assert.Throws<HeedInputException>(() => Vocabulary.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(where, e.Message);
        Assert.Contains(what, e.Message);
    }
}
