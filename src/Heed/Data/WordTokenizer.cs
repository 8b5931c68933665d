using System.Globalization;
using System.Text;

namespace Heed.Data;

/// <summary>
/// Splits text on whitespace and around every punctuation or symbol character (Unicode categories P* and S*),
/// keeping word-internal connectors inside the word: an apostrophe, hyphen, '.' or '/' between two letters or
/// digits ("don't", "well-known", "U.S", "and/or"), a hyphen after a word and before a space ("Zwei- und") and
/// ',' or ':' between two digits ("1,000", "10:30").
/// <see cref="Detokenize"/> joins with single spaces, except before closing punctuation (". , ; : ! ? % …" and
/// closing brackets), after opening brackets and "¿ ¡", inside matched quote pairs, and between a currency sign and a
/// following number, so typical sentences round-trip exactly. Not exact: runs of several spaces, other whitespace,
/// symbols glued to words ("#tag"), or French spaced quotes; never exact when lowercasing.
/// </summary>
public sealed class WordTokenizer : ITokenizer
{
    /// <param name="lowercase">Lowercase with the invariant culture (no Turkish dotless-i surprises) before splitting.</param>
    public WordTokenizer(bool lowercase = false) => Lowercase = lowercase;

    /// <summary>Whether <see cref="Tokenize"/> lowercases.</summary>
    public bool Lowercase { get; }

    /// <inheritdoc />
    public string[] Tokenize(string text)
    {
        if (Lowercase)
            text = text.ToLowerInvariant();
        var tokens = new List<string>();
        int wordStart = -1;
        for (int i = 0; i < text.Length;)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out Rune rune, out int width);
            if (Rune.IsWhiteSpace(rune))
            {
                Flush(text, ref wordStart, i, tokens);
            }
            else if (IsPunctuationOrSymbol(rune) && !(wordStart >= 0 && IsConnector(text, i, rune, width)))
            {
                Flush(text, ref wordStart, i, tokens);
                tokens.Add(text.Substring(i, width));
            }
            else if (wordStart < 0)
            {
                wordStart = i;
            }
            i += width;
        }
        Flush(text, ref wordStart, text.Length, tokens);
        return tokens.ToArray();
    }

    /// <inheritdoc />
    public string Detokenize(IReadOnlyList<string> tokens)
    {
        var text = new StringBuilder();
        var openQuotes = new Stack<char>();
        bool glueNext = true;
        for (int t = 0; t < tokens.Count; t++)
        {
            string token = tokens[t];
            Attachment attach = Classify(token, openQuotes, t + 1 < tokens.Count ? tokens[t + 1] : null);
            if (!glueNext && attach != Attachment.Left)
                text.Append(' ');
            text.Append(token);
            glueNext = attach == Attachment.Right;
        }
        return text.ToString();
    }

    private enum Attachment { None, Left, Right }

    private static void Flush(string text, ref int wordStart, int end, List<string> tokens)
    {
        if (wordStart >= 0)
            tokens.Add(text[wordStart..end]);
        wordStart = -1;
    }

    private static bool IsPunctuationOrSymbol(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
            or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation
            or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol
            or UnicodeCategory.OtherSymbol => true,
        _ => false,
    };

    // Letters, digits and combining marks (a mark continues the letter before it).
    private static bool IsWordRune(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        _ => false,
    };

    private static bool IsConnector(string text, int index, Rune rune, int width)
    {
        if (index + width >= text.Length || index == 0)
            return false;
        Rune.DecodeLastFromUtf16(text.AsSpan(0, index), out Rune before, out _);
        Rune.DecodeFromUtf16(text.AsSpan(index + width), out Rune after, out _);
        return rune.Value switch
        {
            '\'' or '\u2019' or '\u2010' or '.' or '/' => IsWordRune(before) && IsWordRune(after),
            // Also before a space: German elided compounds such as "Zwei- und vierbeinige".
            '-' => IsWordRune(before) && (IsWordRune(after) || Rune.IsWhiteSpace(after)),
            ',' or ':' => Rune.IsDigit(before) && Rune.IsDigit(after),
            _ => false,
        };
    }

    private static Attachment Classify(string token, Stack<char> openQuotes, string? next)
    {
        if (token.Length != 1 && !(token.Length == 2 && char.IsSurrogatePair(token, 0)))
            return Attachment.None;
        Rune.DecodeFromUtf16(token, out Rune rune, out _);
        if (rune.IsBmp && QuoteCloser((char)rune.Value) is string closers)
        {
            // A quote closes the innermost open quote it matches; otherwise it opens a new one.
            if (openQuotes.Count > 0 && QuoteCloser(openQuotes.Peek())!.Contains((char)rune.Value))
            {
                openQuotes.Pop();
                return Attachment.Left;
            }
            openQuotes.Push((char)rune.Value);
            return Attachment.Right;
        }
        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.OpenPunctuation:
                return Attachment.Right;
            case UnicodeCategory.ClosePunctuation:
                return Attachment.Left;
            case UnicodeCategory.CurrencySymbol:
                return next is { Length: > 0 } && char.IsDigit(next[0]) ? Attachment.Right : Attachment.None;
        }
        return rune.Value switch
        {
            '.' or ',' or ';' or ':' or '!' or '?' or '%' or '\u2026' or '\u2030' => Attachment.Left,
            '\u00BF' or '\u00A1' => Attachment.Right,
            _ => Attachment.None,
        };
    }

    // The characters that close a quote opened by `open`, or null if `open` is not a quote.
    private static string? QuoteCloser(char open) => open switch
    {
        '"' => "\"",
        '\'' => "'",
        '\u201C' => "\u201D",           // “ ”
        '\u2018' => "\u2019",           // ‘ ’
        '\u201E' => "\u201C\u201D",     // „ closed by “ (German) or ” (Polish, ...)
        '\u201A' => "\u2018\u2019",     // ‚ closed by ‘ or ’
        '\u00AB' => "\u00BB",           // « »
        '\u00BB' => "\u00AB",           // » « (Danish, German)
        '\u2039' => "\u203A",           // ‹ ›
        '\u203A' => "\u2039",
        '\u201D' => "\u201D",           // ” used on both sides (Swedish)
        '\u2019' => "\u2019",
        _ => null,
    };
}
