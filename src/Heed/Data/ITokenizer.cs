namespace Heed.Data;

/// <summary>Turns a sentence into tokens and back.</summary>
public interface ITokenizer
{
    /// <summary>Splits <paramref name="text"/> into non-empty tokens, none containing a U+0020 space (so a token list can be written space-separated).</summary>
    string[] Tokenize(string text);

    /// <summary>Joins tokens back into text; inverse of <see cref="Tokenize"/> for ordinary text (each implementation says how exactly).</summary>
    string Detokenize(IReadOnlyList<string> tokens);
}
