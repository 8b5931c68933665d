using Heed.Config;
using Heed.Data;

namespace Heed.Translation;

/// <summary>One language side: how its text becomes tokens (tokeniser, optional BPE) and tokens become ids.</summary>
public sealed class TextSide
{
    /// <summary>Splits this side's text into tokens.</summary>
    public ITokenizer Tokenizer { get; }
    /// <summary>Maps this side's tokens to ids.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>Pairs a tokenizer with its vocabulary.</summary>
    public TextSide(ITokenizer tokenizer, Vocabulary vocabulary)
    {
        Tokenizer = tokenizer;
        Vocabulary = vocabulary;
    }

    /// <summary>The configured word or character tokeniser (BPE is built on top of the word tokeniser).</summary>
    public static ITokenizer BaseTokenizer(DataConfig data) => data.Tokenizer == "char"
        ? new CharTokenizer()
        : new WordTokenizer(data.Lowercase);

    /// <summary>Text → ids (with BOS when <paramref name="bos"/>, always ending in EOS).</summary>
    public int[] Encode(string text, bool bos) => Vocabulary.Encode(Tokenizer.Tokenize(text), bos, addEos: true);

    /// <summary>Ids (no BOS/EOS) → tokens.</summary>
    public string[] Tokens(ReadOnlySpan<int> ids) => Vocabulary.Decode(ids);

    /// <summary>Tokens → text (undoing BPE and word splitting).</summary>
    public string Detokenize(IReadOnlyList<string> tokens) => Tokenizer.Detokenize(tokens);
}
