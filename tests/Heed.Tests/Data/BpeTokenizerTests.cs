using Heed.Data;

namespace Heed.Tests.Data;

public class BpeTokenizerTests
{
    private static BpeTokenizer HandWorked() => new(BpeLearnerTests.HandWorked, new WordTokenizer());

    [Theory]
    // Worked by hand with the ranks of BpeLearnerTests.HandWorked (0-based):
    // lowest: l o w e s t</w> -> (s,t</w>)#0 -> (e,st</w>)#1 -> (l,o)#2 -> (w,est</w>)#3 -> lo west</w>; (lo,west</w>) unknown.
    [InlineData("lowest", new[] { "lo@@", "west" })]
    // newer: n e w e r</w> -> (n,e)#4 -> ne w e r</w> -> (w,e)#10 -> ne we r</w> -> (we,r</w>)#11 -> ne wer</w>.
    [InlineData("newer", new[] { "ne@@", "wer" })]
    // low is merged fully: (l,o)#2 then (lo,w</w>)#6.
    [InlineData("low", new[] { "low" })]
    // xyz: no pair has a rank.
    [InlineData("xyz", new[] { "x@@", "y@@", "z" })]
    public void Segment_AppliesMergesInRankOrder(string word, string[] expected) =>
        Assert.Equal(expected, HandWorked().Segment([word]));

    [Fact]
    public void Segment_MergesOverlappingPairsLeftToRight()
    {
        // With the single merge (a,a), "aaaaa" = a a a a a</w> -> aa aa a</w>: left to right, non-overlapping.
        var bpe = new BpeTokenizer([("a", "a")], new WordTokenizer());
        Assert.Equal(["aa@@", "aa@@", "a"], bpe.Segment(["aaaaa"]));
    }

    [Theory]
    [InlineData("The lowest, newest widest lower – don't (really)!")]
    [InlineData("Zwei Männer stehen am Herd und bereiten Essen zu.")]
    [InlineData("Unseen letters: ßœ 😀 zzz.")]
    public void TokenizeThenDetokenize_IsExact(string text)
    {
        var learned = BpeTokenizer.Learn(
            ["the lowest low lower newest widest", "Zwei Männer stehen", "Männer und Frauen stehen am Herd"],
            new WordTokenizer(), mergeCount: 50, minFrequency: 1);
        string[] tokens = learned.Tokenize(text);
        Assert.True(tokens.Length > new WordTokenizer().Tokenize(text).Length); // some words really were split
        Assert.Equal(text, learned.Detokenize(tokens));
    }

    [Fact]
    public void JoinSubwords_ClosesADanglingContinuation()
    {
        Assert.Equal(["lowest", "ne"], BpeTokenizer.JoinSubwords(["lo@@", "west", "ne@@"]));
    }

    [Fact]
    public void SaveAndLoad_KeepTheMergesAndTheSubwordNmtFormat()
    {
        string path = Path.Combine(TempFiles.Folder(), "bpe.codes");
        HandWorked().Save(path);
        string[] lines = File.ReadAllLines(path);
        Assert.Equal("#version: 0.2", lines[0]);
        Assert.Equal("s t</w>", lines[1]);
        var loaded = BpeTokenizer.Load(path, new WordTokenizer());
        Assert.Equal(BpeLearnerTests.HandWorked, loaded.Merges);
    }

    [Fact]
    public void Load_BadCodes_NameFileAndLine()
    {
        string dir = TempFiles.Folder();
        string noHeader = TempFiles.Write(dir, "a.codes", "s t</w>\n");
        var e = Assert.Throws<HeedInputException>(() => BpeTokenizer.Load(noHeader, new WordTokenizer()));
        Assert.Contains(noHeader, e.Message);
        Assert.Contains("line 1", e.Message);
        string threeSymbols = TempFiles.Write(dir, "b.codes", "#version: 0.2\ns t</w>\na b c\n");
        e = Assert.Throws<HeedInputException>(() => BpeTokenizer.Load(threeSymbols, new WordTokenizer()));
        Assert.Contains("line 3", e.Message);
        Assert.Throws<HeedInputException>(() => BpeTokenizer.Load(Path.Combine(dir, "missing.codes"), new WordTokenizer()));
    }
}
