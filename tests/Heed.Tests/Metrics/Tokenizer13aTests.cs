using Heed.Metrics;

namespace Heed.Tests.Metrics;

public class Tokenizer13aTests
{
    public static TheoryData<string, string> Vectors()
    {
        var data = new TheoryData<string, string>();
        foreach (var (input, output) in SacreBleuVectors.Tokenizer13a)
            data.Add(input, output);
        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void MatchesSacreBleu(string input, string expected)
    {
        // Expected outputs: sacreBLEU 2.6.0's Tokenizer13a (see SacreBleuVectors).
        Assert.Equal(expected, Tokenizer13a.Tokenize(input));
    }

    [Theory]
    // Hand-derived from the mteval-v13a rules.
    [InlineData("3-4", "3 - 4")]              // a dash after a digit is split off
    [InlineData("a-4", "a-4")]                // a dash after a letter stays
    [InlineData("1.5,2", "1.5,2")]            // period and comma between digits stay
    [InlineData("x.5", "x . 5")]              // period after a non-digit is split
    [InlineData("5.x", "5 . x")]              // period before a non-digit is split
    [InlineData("join-\ned", "joined")]       // hyphenated line break is joined
    [InlineData("a\nb", "a b")]
    [InlineData("  a   b  ", "a b")]
    [InlineData("", "")]
    [InlineData("&amp;lt;", "<")]             // the replacements run in sequence, so &amp; then &lt; both apply
    [InlineData("a\u001Cb", "a b")]           // Python's split() also splits on U+001C..U+001F
    public void HandDerivedCases(string input, string expected) =>
        Assert.Equal(expected, Tokenizer13a.Tokenize(input));
}
