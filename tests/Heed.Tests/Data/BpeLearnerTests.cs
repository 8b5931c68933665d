using Heed.Data;

namespace Heed.Tests.Data;

public class BpeLearnerTests
{
    /*
     * Hand-worked example (the corpus of Sennrich et al. 2016): low x5, lower x2, newest x6, widest x3,
     * split as l o w</w> | l o w e r</w> | n e w e s t</w> | w i d e s t</w>.
     * Ties go to the greater (left, right) pair in code-point order.
     *  1. (e,s)=9 and (s,t</w>)=9 tie; 's' > 'e'            -> s t</w>
     *  2. (e,st</w>)=6+3=9                                   -> e st</w>
     *  3. (l,o)=5+2=7                                        -> l o
     *  4. (w,est</w>)=6, (n,e)=6, (e,w)=6 tie; 'w' largest   -> w est</w>
     *  5. (n,e)=6, (e,west</w>)=6 tie; 'n' > 'e'             -> n e
     *  6. (ne,west</w>)=6                                    -> ne west</w>
     *  7. (lo,w</w>)=5                                       -> lo w</w>
     *  8. (w,i)=(i,d)=(d,est</w>)=3; 'w' largest             -> w i
     *  9. (wi,d)=(d,est</w>)=3; "wi" > "d"                   -> wi d
     * 10. (wid,est</w>)=3                                    -> wid est</w>
     * 11. (lo,w)=(w,e)=(e,r</w>)=2; 'w' largest              -> w e
     * 12. (lo,we)=(we,r</w>)=2; "we" > "lo"                  -> we r</w>
     * 13. (lo,wer</w>)=2                                     -> lo wer</w>
     * Then every word is one symbol: no pairs remain, so asking for 20 merges gives 13.
     */
    internal static readonly (string, string)[] HandWorked =
    [
        ("s", "t</w>"), ("e", "st</w>"), ("l", "o"), ("w", "est</w>"), ("n", "e"), ("ne", "west</w>"),
        ("lo", "w</w>"), ("w", "i"), ("wi", "d"), ("wid", "est</w>"), ("w", "e"), ("we", "r</w>"), ("lo", "wer</w>"),
    ];

    internal static Dictionary<string, long> HandWorkedCounts() => new()
    {
        ["low"] = 5, ["lower"] = 2, ["newest"] = 6, ["widest"] = 3,
    };

    [Fact]
    public void Learn_MatchesTheHandWorkedMerges()
    {
        Assert.Equal(HandWorked, BpeLearner.Learn(HandWorkedCounts(), 20, minFrequency: 1));
    }

    [Fact]
    public void Learn_StopsWhenNoPairReachesMinFrequency()
    {
        // From the hand-worked list, merges 1-10 have counts >= 3 and merge 11 only 2.
        Assert.Equal(HandWorked[..10], BpeLearner.Learn(HandWorkedCounts(), 20, minFrequency: 3));
    }

    [Fact]
    public void Learn_MatchesANaiveFromScratchRecount_OnRandomWords()
    {
        // Small alphabet and repeated letters exercise overlapping pairs such as "a a a".
        var random = new Random(7);
        var counts = new Dictionary<string, long>();
        for (int i = 0; i < 300; i++)
        {
            string word = new(Enumerable.Range(0, random.Next(1, 9)).Select(_ => "aabcd"[random.Next(5)]).ToArray());
            counts[word] = counts.GetValueOrDefault(word) + random.Next(1, 20);
        }
        Assert.Equal(NaiveLearn(counts, 150, 2), BpeLearner.Learn(counts, 150, minFrequency: 2));
    }

    [Fact]
    public void Learn_RejectsWordsWithWhitespace()
    {
        var e = Assert.Throws<ArgumentException>(() => BpeLearner.Learn(new Dictionary<string, long> { ["a b"] = 1 }, 5));
        Assert.Contains("'a b'", e.Message);
    }

    [Fact]
    public void CodePointOrder_PutsSupplementaryCharactersAboveTheBmp()
    {
        // U+FFFD < U+1F600 as code points, although the UTF-16 surrogate 0xD83D is below 0xFFFD.
        Assert.True(CodePointOrder.Compare("\uFFFD", "\U0001F600") < 0);
        Assert.True(string.CompareOrdinal("\uFFFD", "\U0001F600") > 0);
        Assert.True(CodePointOrder.Compare("ab", "b") < 0);
        Assert.True(CodePointOrder.Compare("ab", "a") > 0);
    }

    // Reference: recount every pair from scratch each step; ASCII only, so ordinal order is code-point order.
    private static List<(string, string)> NaiveLearn(Dictionary<string, long> counts, int mergeCount, int minFrequency)
    {
        var words = counts.Select(e =>
        {
            var symbols = e.Key.Select(c => c.ToString()).ToList();
            symbols[^1] += "</w>";
            return (Symbols: symbols, Count: e.Value);
        }).ToList();
        var merges = new List<(string, string)>();
        while (merges.Count < mergeCount)
        {
            var stats = new Dictionary<(string, string), long>();
            foreach (var (symbols, count) in words)
                for (int j = 0; j + 1 < symbols.Count; j++)
                    stats[(symbols[j], symbols[j + 1])] = stats.GetValueOrDefault((symbols[j], symbols[j + 1])) + count;
            if (stats.Count == 0)
                break;
            var best = stats.OrderByDescending(e => e.Value)
                .ThenByDescending(e => e.Key.Item1, StringComparer.Ordinal)
                .ThenByDescending(e => e.Key.Item2, StringComparer.Ordinal).First();
            if (best.Value < minFrequency)
                break;
            merges.Add(best.Key);
            foreach (var (symbols, _) in words)
                for (int j = 0; j + 1 < symbols.Count; j++)
                    if (symbols[j] == best.Key.Item1 && symbols[j + 1] == best.Key.Item2)
                    {
                        symbols[j] += symbols[j + 1];
                        symbols.RemoveAt(j + 1);
                    }
        }
        return merges;
    }
}
