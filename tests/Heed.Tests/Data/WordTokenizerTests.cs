using Heed.Data;

namespace Heed.Tests.Data;

public class WordTokenizerTests
{
    [Theory]
    // Expected splits follow the documented rules by hand: punctuation and symbols stand alone,
    // word-internal apostrophes/hyphens/periods and digit-internal ',' ':' stay inside.
    [InlineData("Hello, world!", new[] { "Hello", ",", "world", "!" })]
    [InlineData("Don't stop the well-known U.S. band.", new[] { "Don't", "stop", "the", "well-known", "U.S", ".", "band", "." })]
    [InlineData("It costs $3.50 (1,000 at 10:30).", new[] { "It", "costs", "$", "3.50", "(", "1,000", "at", "10:30", ")", "." })]
    [InlineData("Er sagt: „Hallo“", new[] { "Er", "sagt", ":", "„", "Hallo", "“" })]
    [InlineData("I ❤ Zürich 😀!", new[] { "I", "❤", "Zürich", "😀", "!" })]
    [InlineData("Zwei- und vierbeinige", new[] { "Zwei-", "und", "vierbeinige" })]
    [InlineData("  \t ", new string[0])]
    public void Tokenize_SplitsAroundPunctuationAndSymbols(string text, string[] expected) =>
        Assert.Equal(expected, new WordTokenizer().Tokenize(text));

    [Fact]
    public void Tokenize_KeepsCombiningMarksWithTheirLetter()
    {
        // "e" + U+0301 COMBINING ACUTE ACCENT is a mark (category Mn), so it must not split the word.
        Assert.Equal(["cafe\u0301", "."], new WordTokenizer().Tokenize("cafe\u0301."));
    }

    [Fact]
    public void Lowercase_UsesTheInvariantCulture()
    {
        Assert.Equal(["the", "dog", "ist", "groß", "."], new WordTokenizer(lowercase: true).Tokenize("The DOG ist GROß."));
    }

    [Theory]
    [InlineData("Two young, White males are outside near many bushes.")]
    [InlineData("A man in an orange hat starring at something.")]
    [InlineData("He said \"hello\" (quietly) and left!")]
    [InlineData("It's 3.5% of the well-known U.S. budget; isn't it?")]
    [InlineData("She asked: 'Why?' and he answered \"Because 'they' said so.\"")]
    [InlineData("Ein Mann sagt: „Hallo“, und geht.")]
    [InlineData("Zwei- und vierbeinige Nachbarn [im Bild] kommen vorbei...")]
    [InlineData("¿Dónde está? ¡Aquí! Cuesta $5, no 10 €.")]
    [InlineData("The dog 🐕 runs!")]
    public void Detokenize_RestoresTypicalSentencesExactly(string text)
    {
        var tokenizer = new WordTokenizer();
        Assert.Equal(text, tokenizer.Detokenize(tokenizer.Tokenize(text)));
    }

    [Fact]
    public void Detokenize_NormalisesRunsOfSpaces()
    {
        var tokenizer = new WordTokenizer();
        Assert.Equal("a b.", tokenizer.Detokenize(tokenizer.Tokenize("a   b .")));
    }
}
