using System.Collections.Concurrent;
using System.Text;
using Heed.Io;

namespace Heed.Data;

/// <summary>
/// Byte-pair-encoding subword tokenizer compatible with subword-nmt (codes version 0.2): text is first split into
/// words by a pre-tokenizer, each word is segmented by applying the learned merges in rank order, and every
/// subword except a word's last carries the <see cref="Continuation"/> marker ("lower" -> "low@@", "er").
/// <see cref="Detokenize"/> glues marked subwords back to words and hands them to the pre-tokenizer, so
/// Tokenize-then-Detokenize is exactly the pre-tokenizer's own round trip. (A word that itself ends in "@@"
/// cannot be told apart, as in subword-nmt; <see cref="WordTokenizer"/> never produces one.)
/// </summary>
public sealed class BpeTokenizer : ITokenizer
{
    /// <summary>Marker appended to every subword that is continued by the next one.</summary>
    public const string Continuation = "@@";

    /// <summary>First line of a codes file, as subword-nmt writes it.</summary>
    public const string CodesHeader = "#version: 0.2";

    private readonly Dictionary<(string, string), int> _ranks = new();
    private readonly ConcurrentDictionary<string, string[]> _cache = new(StringComparer.Ordinal);
    private readonly (string Left, string Right)[] _merges;

    /// <param name="merges">Merges in rank order (first applies first); duplicates keep their first rank, as in subword-nmt.</param>
    /// <param name="preTokenizer">Splits text into words; its tokens must not contain whitespace.</param>
    /// <exception cref="ArgumentException">A merge has an empty symbol or one containing whitespace (it could not be saved).</exception>
    public BpeTokenizer(IReadOnlyList<(string Left, string Right)> merges, ITokenizer preTokenizer)
    {
        _merges = merges.ToArray();
        for (int i = 0; i < _merges.Length; i++)
        {
            (string left, string right) = _merges[i];
            if (left.Length == 0 || right.Length == 0 || left.Any(char.IsWhiteSpace) || right.Any(char.IsWhiteSpace))
                throw new ArgumentException($"Merge {i} ('{left}', '{right}') has an empty symbol or one with whitespace.", nameof(merges));
            _ranks.TryAdd(_merges[i], i);
        }
        PreTokenizer = preTokenizer;
    }

    /// <summary>The learned merges, rank 0 first.</summary>
    public IReadOnlyList<(string Left, string Right)> Merges => _merges;

    /// <summary>The word splitter applied before segmentation.</summary>
    public ITokenizer PreTokenizer { get; }

    /// <summary>
    /// Learns <paramref name="mergeCount"/> merges (fewer if no pair reaches <paramref name="minFrequency"/>) from
    /// the words <paramref name="preTokenizer"/> finds in <paramref name="sentences"/>; see <see cref="BpeLearner"/>.
    /// </summary>
    public static BpeTokenizer Learn(IEnumerable<string> sentences, ITokenizer preTokenizer, int mergeCount, int minFrequency = 2)
    {
        var counts = BpeLearner.CountWords(sentences.Select(preTokenizer.Tokenize));
        return new BpeTokenizer(BpeLearner.Learn(counts, mergeCount, minFrequency), preTokenizer);
    }

    /// <inheritdoc />
    public string[] Tokenize(string text) => Segment(PreTokenizer.Tokenize(text));

    /// <summary>Segments already-split words into subwords with continuation markers.</summary>
    public string[] Segment(IReadOnlyList<string> words)
    {
        var output = new List<string>(words.Count * 2);
        foreach (string word in words)
            output.AddRange(_cache.GetOrAdd(word, SegmentWord));
        return output.ToArray();
    }

    /// <inheritdoc />
    public string Detokenize(IReadOnlyList<string> tokens) => PreTokenizer.Detokenize(JoinSubwords(tokens));

    /// <summary>
    /// Undoes <see cref="Segment"/>: glues each subword ending in <see cref="Continuation"/> to the next one.
    /// A marked subword at the very end (e.g. a cut-off model output) ends its word without the marker.
    /// </summary>
    public static string[] JoinSubwords(IReadOnlyList<string> tokens)
    {
        var words = new List<string>(tokens.Count);
        var word = new StringBuilder();
        foreach (string token in tokens)
        {
            if (token.EndsWith(Continuation, StringComparison.Ordinal))
                word.Append(token, 0, token.Length - Continuation.Length);
            else
            {
                word.Append(token);
                words.Add(word.ToString());
                word.Clear();
            }
        }
        if (word.Length > 0)
            words.Add(word.ToString());
        return words.ToArray();
    }

    /// <summary>Writes the codes file (header, then "left right" per merge) atomically.</summary>
    /// <exception cref="IOException">The folder is missing or not writable.</exception>
    public void Save(string path)
    {
        var text = new StringBuilder(CodesHeader).Append('\n');
        foreach ((string left, string right) in _merges)
            text.Append(left).Append(' ').Append(right).Append('\n');
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>Reads a codes file written by <see cref="Save"/> or by subword-nmt's learn_bpe.</summary>
    /// <exception cref="HeedInputException">
    /// Missing file, invalid UTF-8, a first line other than <see cref="CodesHeader"/>, or a line that is not two
    /// space-separated symbols (names file and line).
    /// </exception>
    public static BpeTokenizer Load(string path, ITokenizer preTokenizer)
    {
        string[] lines = TextLines.Read(path);
        if (lines.Length == 0 || lines[0] != CodesHeader)
            throw new HeedInputException(
                $"'{path}' line 1: expected the BPE codes header '{CodesHeader}', found '{(lines.Length == 0 ? "" : lines[0])}'.");
        var merges = new List<(string, string)>(lines.Length - 1);
        for (int i = 1; i < lines.Length; i++)
        {
            string[] parts = lines[i].Split(' ');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                throw new HeedInputException($"'{path}' line {i + 1}: expected two symbols separated by one space, found '{lines[i]}'.");
            merges.Add((parts[0], parts[1]));
        }
        return new BpeTokenizer(merges, preTokenizer);
    }

    // subword-nmt's encode: repeatedly merge the lowest-ranked adjacent pair at all its non-overlapping
    // positions (left to right), then drop the end-of-word marker and add continuation markers.
    private string[] SegmentWord(string word)
    {
        var symbols = word.EnumerateRunes().Select(r => r.ToString()).ToList();
        if (symbols.Count == 0)
            return [];
        symbols[^1] += BpeLearner.EndOfWord;
        while (symbols.Count > 1)
        {
            int bestRank = int.MaxValue;
            for (int j = 0; j + 1 < symbols.Count; j++)
                if (_ranks.TryGetValue((symbols[j], symbols[j + 1]), out int rank) && rank < bestRank)
                    bestRank = rank;
            if (bestRank == int.MaxValue)
                break;
            (string left, string right) = _merges[bestRank];
            var next = new List<string>(symbols.Count);
            for (int j = 0; j < symbols.Count; j++)
            {
                if (j + 1 < symbols.Count && symbols[j] == left && symbols[j + 1] == right)
                {
                    next.Add(left + right);
                    j++;
                }
                else
                    next.Add(symbols[j]);
            }
            symbols = next;
        }
        string last = symbols[^1];
        if (last == BpeLearner.EndOfWord)
            symbols.RemoveAt(symbols.Count - 1);
        else if (last.EndsWith(BpeLearner.EndOfWord, StringComparison.Ordinal))
            symbols[^1] = last[..^BpeLearner.EndOfWord.Length];
        for (int j = 0; j + 1 < symbols.Count; j++)
            symbols[j] += Continuation;
        return symbols.ToArray();
    }
}
