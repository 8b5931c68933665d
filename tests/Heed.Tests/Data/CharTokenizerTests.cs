using Heed.Data;

namespace Heed.Tests.Data;

public class CharTokenizerTests
{
    [Fact]
    public void Tokenize_GivesGraphemeClusters_AndVisibleSpaces()
    {
        // e + U+0301 combining acute is one grapheme; the thumbs-up with skin-tone modifier (two code points,
        // four UTF-16 units) is one grapheme too.
        string text = "ne\u0301 \U0001F44D\U0001F3FD!";
        Assert.Equal(["n", "e\u0301", "\u2581", "\U0001F44D\U0001F3FD", "!"], new CharTokenizer().Tokenize(text));
    }

    [Theory]
    [InlineData("A dog  runs.")]
    [InlineData(" leading and trailing ")]
    [InlineData("Tabs\tand ümlauts, 日本語, family 👨‍👩‍👧!")]
    [InlineData("")]
    public void RoundTrip_IsExact(string text)
    {
        var tokenizer = new CharTokenizer();
        string[] tokens = tokenizer.Tokenize(text);
        Assert.DoesNotContain(tokens, t => t.Contains(' '));
        Assert.Equal(text, tokenizer.Detokenize(tokens));
    }
}
