using System.Globalization;

namespace Heed.Data;

/// <summary>
/// One token per user-perceived character (Unicode extended grapheme cluster, so a base letter with its
/// combining marks or an emoji with modifiers stays whole). Spaces become <see cref="SpaceSymbol"/> so tokens
/// never contain whitespace and <see cref="Detokenize"/> restores the text exactly, unless the text itself
/// contains <see cref="SpaceSymbol"/> (it comes back as a space).
/// </summary>
public sealed class CharTokenizer : ITokenizer
{
    /// <summary>The visible stand-in for U+0020 SPACE: U+2581 LOWER ONE EIGHTH BLOCK, as SentencePiece uses.</summary>
    public const char SpaceSymbol = '\u2581';

    /// <inheritdoc />
    public string[] Tokenize(string text)
    {
        var tokens = new List<string>(text.Length);
        TextElementEnumerator elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
            tokens.Add(elements.GetTextElement().Replace(' ', SpaceSymbol));
        return tokens.ToArray();
    }

    /// <inheritdoc />
    public string Detokenize(IReadOnlyList<string> tokens) => string.Concat(tokens).Replace(SpaceSymbol, ' ');
}
