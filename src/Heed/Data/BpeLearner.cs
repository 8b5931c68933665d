namespace Heed.Data;

/// <summary>
/// Learns byte-pair-encoding merges the way subword-nmt's learn_bpe does (Sennrich et al. 2016, codes version 0.2):
/// each distinct word is split into code points with the end-of-word marker glued to the last one ("low" ->
/// l o w&lt;/w&gt;); the pair of adjacent symbols with the highest frequency-weighted count is merged everywhere
/// (left to right, non-overlapping) and recorded, until the requested number of merges or until the best pair occurs
/// fewer than <c>minFrequency</c> times. Ties go to the pair that is greater in code-point order (left symbol first),
/// which is what Python's <c>max(stats, key=lambda x: (stats[x], x))</c> picks.
/// </summary>
public static class BpeLearner
{
    /// <summary>The end-of-word marker glued to the last symbol of every word.</summary>
    public const string EndOfWord = "</w>";

    /// <summary>Counts words over tokenised sentences (ordinal comparison).</summary>
    public static Dictionary<string, long> CountWords(IEnumerable<IReadOnlyList<string>> sentences)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (IReadOnlyList<string> sentence in sentences)
            foreach (string word in sentence)
                counts[word] = counts.GetValueOrDefault(word) + 1;
        return counts;
    }

    /// <summary>Learns up to <paramref name="mergeCount"/> merges from word frequencies.</summary>
    /// <returns>The merges in the order learned (rank 0 first); fewer when no pair reaches <paramref name="minFrequency"/>.</returns>
    /// <exception cref="ArgumentException">A word is empty, contains whitespace, or has a count below 1.</exception>
    public static List<(string Left, string Right)> Learn(IReadOnlyDictionary<string, long> wordCounts, int mergeCount, int minFrequency = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mergeCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(minFrequency, 1);
        return new State(wordCounts).Run(mergeCount, minFrequency);
    }

    // Words as arrays of interned symbol ids; pair counts kept exactly up to date by re-counting only
    // the words that contain the merged pair; a max-heap with lazy deletion finds the best pair.
    private sealed class State
    {
        private readonly List<string> _symbols = new();
        private readonly Dictionary<string, int> _symbolIds = new(StringComparer.Ordinal);
        private readonly int[][] _words;
        private readonly int[] _lengths;
        private readonly long[] _frequencies;
        private readonly Dictionary<long, long> _pairCounts = new();
        // Words that contained the pair at some point (may be stale: re-checked before use).
        private readonly Dictionary<long, List<int>> _pairWords = new();
        private readonly PriorityQueue<long, (long Count, long Pair)> _heap;

        internal State(IReadOnlyDictionary<string, long> wordCounts)
        {
            // Sorted so that symbol ids (and so everything else) do not depend on dictionary order.
            var entries = wordCounts.OrderBy(e => e.Key, StringComparer.Ordinal).ToArray();
            _words = new int[entries.Length][];
            _lengths = new int[entries.Length];
            _frequencies = new long[entries.Length];
            for (int w = 0; w < entries.Length; w++)
            {
                (string word, long count) = (entries[w].Key, entries[w].Value);
                if (word.Length == 0 || word.Any(char.IsWhiteSpace))
                    throw new ArgumentException($"BPE words must be non-empty and contain no whitespace: '{word}'.", nameof(wordCounts));
                if (count < 1)
                    throw new ArgumentException($"Word '{word}' has count {count}; counts must be at least 1.", nameof(wordCounts));
                var runes = word.EnumerateRunes().Select(r => r.ToString()).ToArray();
                runes[^1] += EndOfWord;
                _words[w] = runes.Select(Intern).ToArray();
                _lengths[w] = runes.Length;
                _frequencies[w] = count;
            }
            _heap = new PriorityQueue<long, (long, long)>(Comparer<(long Count, long Pair)>.Create(ComparePriority));
            for (int w = 0; w < _words.Length; w++)
                for (int j = 0; j + 1 < _lengths[w]; j++)
                {
                    long pair = Key(_words[w][j], _words[w][j + 1]);
                    _pairCounts[pair] = _pairCounts.GetValueOrDefault(pair) + _frequencies[w];
                    List<int> list = WordsOf(pair);
                    if (list.Count == 0 || list[^1] != w)
                        list.Add(w);
                }
            foreach ((long pair, long count) in _pairCounts)
                _heap.Enqueue(pair, (count, pair));
        }

        internal List<(string, string)> Run(int mergeCount, int minFrequency)
        {
            var merges = new List<(string, string)>(mergeCount);
            int[] visited = new int[_words.Length];
            var changed = new HashSet<long>();
            var before = new List<long>();
            while (merges.Count < mergeCount && _heap.TryDequeue(out long best, out var priority))
            {
                if (!_pairCounts.TryGetValue(best, out long count) || count != priority.Count)
                    continue; // stale heap entry
                if (count < minFrequency)
                    break;
                int left = (int)(best >> 32), right = (int)best;
                int merged = Intern(_symbols[left] + _symbols[right]);
                merges.Add((_symbols[left], _symbols[right]));
                changed.Clear();
                List<int> candidates = _pairWords[best];
                _pairWords.Remove(best);
                foreach (int w in candidates)
                {
                    if (visited[w] == merges.Count)
                        continue;
                    visited[w] = merges.Count;
                    MergeInWord(w, left, right, merged, changed, before);
                }
                foreach (long pair in changed)
                    if (_pairCounts.TryGetValue(pair, out long c))
                        _heap.Enqueue(pair, (c, pair));
            }
            return merges;
        }

        private void MergeInWord(int w, int left, int right, int merged, HashSet<long> changed, List<long> before)
        {
            int[] symbols = _words[w];
            int length = _lengths[w];
            long frequency = _frequencies[w];
            before.Clear();
            for (int j = 0; j + 1 < length; j++)
                before.Add(Key(symbols[j], symbols[j + 1]));
            int write = 0;
            bool found = false;
            for (int read = 0; read < length; read++)
            {
                if (read + 1 < length && symbols[read] == left && symbols[read + 1] == right)
                {
                    symbols[write++] = merged;
                    read++;
                    found = true;
                }
                else
                    symbols[write++] = symbols[read];
            }
            if (!found)
                return; // stale entry: an earlier merge already consumed the pair here
            _lengths[w] = length = write;
            foreach (long pair in before)
            {
                long c = _pairCounts[pair] - frequency;
                if (c == 0) _pairCounts.Remove(pair); else _pairCounts[pair] = c;
                changed.Add(pair);
            }
            for (int j = 0; j + 1 < length; j++)
            {
                long pair = Key(symbols[j], symbols[j + 1]);
                _pairCounts[pair] = _pairCounts.GetValueOrDefault(pair) + frequency;
                changed.Add(pair);
                if (!before.Contains(pair))
                {
                    List<int> list = WordsOf(pair);
                    if (list.Count == 0 || list[^1] != w)
                        list.Add(w);
                }
            }
        }

        private List<int> WordsOf(long pair)
        {
            if (!_pairWords.TryGetValue(pair, out List<int>? list))
                _pairWords[pair] = list = new List<int>();
            return list;
        }

        private int Intern(string symbol)
        {
            if (!_symbolIds.TryGetValue(symbol, out int id))
            {
                id = _symbols.Count;
                _symbols.Add(symbol);
                _symbolIds[symbol] = id;
            }
            return id;
        }

        private static long Key(int left, int right) => ((long)left << 32) | (uint)right;

        // Heap order: higher count first, then the greater (left, right) pair in code-point order.
        private int ComparePriority((long Count, long Pair) a, (long Count, long Pair) b)
        {
            int byCount = b.Count.CompareTo(a.Count);
            if (byCount != 0 || a.Pair == b.Pair)
                return byCount;
            int byLeft = CodePointOrder.Compare(_symbols[(int)(b.Pair >> 32)], _symbols[(int)(a.Pair >> 32)]);
            return byLeft != 0 ? byLeft : CodePointOrder.Compare(_symbols[(int)b.Pair], _symbols[(int)a.Pair]);
        }
    }
}
