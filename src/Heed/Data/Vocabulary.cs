using System.Text;
using Heed.Io;

namespace Heed.Data;

/// <summary>
/// Maps tokens to ids 0..Count-1. Ids 0-3 are always the special symbols <see cref="UnkToken"/>,
/// <see cref="PadToken"/>, <see cref="BosToken"/>, <see cref="EosToken"/>; then tokens by descending corpus
/// frequency, ties in ordinal string order, so the same corpus always gives the same ids.
/// </summary>
public sealed class Vocabulary
{
    /// <summary>Id of unknown tokens.</summary>
    public const int Unk = 0;
    /// <summary>Id used to pad batches.</summary>
    public const int Pad = 1;
    /// <summary>Id of the begin-of-sentence symbol.</summary>
    public const int Bos = 2;
    /// <summary>Id of the end-of-sentence symbol.</summary>
    public const int Eos = 3;
    /// <summary>Number of special symbols at the start of every vocabulary.</summary>
    public const int SpecialCount = 4;

    /// <summary>Spelling of <see cref="Unk"/> in saved vocabularies and decoded output.</summary>
    public const string UnkToken = "<unk>";
    /// <summary>Spelling of <see cref="Pad"/>.</summary>
    public const string PadToken = "<pad>";
    /// <summary>Spelling of <see cref="Bos"/>.</summary>
    public const string BosToken = "<s>";
    /// <summary>Spelling of <see cref="Eos"/>.</summary>
    public const string EosToken = "</s>";

    private static readonly string[] Specials = [UnkToken, PadToken, BosToken, EosToken];

    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;

    private Vocabulary(string[] tokens, Dictionary<string, int> ids)
    {
        _tokens = tokens;
        _ids = ids;
    }

    /// <summary>Number of ids, special symbols included.</summary>
    public int Count => _tokens.Length;

    /// <summary>All tokens in id order.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>
    /// Builds a vocabulary of the tokens occurring at least <paramref name="minFrequency"/> times, keeping at most
    /// <paramref name="maxSize"/> ids in total (the 4 special symbols included). Tokens spelled like a special symbol
    /// map to that symbol and are not counted.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minFrequency"/> below 1 or <paramref name="maxSize"/> below 4.</exception>
    /// <exception cref="ArgumentException">A token is empty or contains a line break (it could not be saved).</exception>
    public static Vocabulary Build(IEnumerable<IReadOnlyList<string>> sentences, int minFrequency = 1, int maxSize = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minFrequency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, SpecialCount);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (IReadOnlyList<string> sentence in sentences)
            foreach (string token in sentence)
                counts[token] = counts.GetValueOrDefault(token) + 1;
        var kept = counts
            .Where(e => e.Value >= minFrequency && Array.IndexOf(Specials, e.Key) < 0)
            .OrderByDescending(e => e.Value)
            .ThenBy(e => e.Key, StringComparer.Ordinal)
            .Take(maxSize - SpecialCount)
            .Select(e => e.Key);
        var tokens = Specials.Concat(kept).ToArray();
        var ids = new Dictionary<string, int>(tokens.Length, StringComparer.Ordinal);
        for (int i = 0; i < tokens.Length; i++)
        {
            if (!IsStorable(tokens[i]))
                throw new ArgumentException($"Token '{tokens[i]}' is empty or contains a line break.", nameof(sentences));
            ids[tokens[i]] = i;
        }
        return new Vocabulary(tokens, ids);
    }

    /// <summary>The id of <paramref name="token"/>, or <see cref="Unk"/> if it is not in the vocabulary.</summary>
    public int IdOf(string token) => _ids.GetValueOrDefault(token, Unk);

    /// <summary>Whether <paramref name="token"/> has its own id.</summary>
    public bool Contains(string token) => _ids.ContainsKey(token);

    /// <summary>The token with id <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Id outside 0..Count-1.</exception>
    public string TokenOf(int id)
    {
        if ((uint)id >= (uint)_tokens.Length)
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Id outside the vocabulary of {_tokens.Length}.");
        return _tokens[id];
    }

    /// <summary>Ids of <paramref name="tokens"/> (unknown ones as <see cref="Unk"/>), optionally framed by <see cref="Bos"/>/<see cref="Eos"/>.</summary>
    /// <returns>An array of length tokens.Count (+1 per added marker).</returns>
    public int[] Encode(IReadOnlyList<string> tokens, bool addBos, bool addEos)
    {
        int offset = addBos ? 1 : 0;
        var ids = new int[tokens.Count + offset + (addEos ? 1 : 0)];
        if (addBos)
            ids[0] = Bos;
        for (int i = 0; i < tokens.Count; i++)
            ids[i + offset] = IdOf(tokens[i]);
        if (addEos)
            ids[^1] = Eos;
        return ids;
    }

    /// <summary>
    /// Tokens of <paramref name="ids"/> up to (not including) the first <see cref="Eos"/>, skipping <see cref="Bos"/> and
    /// <see cref="Pad"/>; <see cref="Unk"/> decodes as <see cref="UnkToken"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An id outside 0..Count-1.</exception>
    public string[] Decode(ReadOnlySpan<int> ids)
    {
        var tokens = new List<string>(ids.Length);
        foreach (int id in ids)
        {
            if (id == Eos)
                break;
            if (id != Bos && id != Pad)
                tokens.Add(TokenOf(id));
        }
        return tokens.ToArray();
    }

    /// <summary>Writes one token per line in id order (line n holds id n-1), atomically.</summary>
    /// <exception cref="IOException">The folder is missing or not writable.</exception>
    public void Save(string path)
    {
        var text = new StringBuilder();
        foreach (string token in _tokens)
            text.Append(token).Append('\n');
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>Reads a file written by <see cref="Save"/>.</summary>
    /// <exception cref="HeedInputException">
    /// Missing file, invalid UTF-8, the first four lines are not the special symbols in order, an empty line,
    /// or a duplicate token (names the file, the line and, for duplicates, the earlier line).
    /// </exception>
    public static Vocabulary Load(string path)
    {
        string[] lines = TextLines.Read(path);
        var ids = new Dictionary<string, int>(lines.Length, StringComparer.Ordinal);
        for (int i = 0; i < lines.Length; i++)
        {
            string token = lines[i];
            if (i < SpecialCount && token != Specials[i])
                throw new HeedInputException($"'{path}' line {i + 1}: expected the special symbol '{Specials[i]}', found '{token}'.");
            if (!IsStorable(token))
                throw new HeedInputException($"'{path}' line {i + 1}: empty token.");
            if (!ids.TryAdd(token, i))
                throw new HeedInputException($"'{path}' line {i + 1}: duplicate token '{token}' (first on line {ids[token] + 1}).");
        }
        if (lines.Length < SpecialCount)
            throw new HeedInputException($"'{path}' has {lines.Length} lines; a vocabulary starts with the {SpecialCount} special symbols.");
        return new Vocabulary(lines, ids);
    }

    private static bool IsStorable(string token) => token.Length > 0 && token.IndexOfAny(['\n', '\r']) < 0;
}
