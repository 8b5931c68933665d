namespace Heed.Metrics;

/// <summary>
/// Corpus chrF exactly as sacreBLEU 2.6.0 computes it by default (chrF2): character n-grams of orders 1..6
/// with all whitespace removed, no word n-grams, beta 2. Per segment the [hyp, ref, match] counts of each
/// order are summed over the corpus; the score averages precision and recall over the orders where both
/// sides have n-grams ("effective order", sacreBLEU's default instead of eps smoothing) and forms F-beta.
/// Characters are Unicode code points, as in Python, not UTF-16 units.
/// </summary>
public sealed class ChrF
{
    /// <summary>Character n-gram orders 1..<see cref="CharOrder"/>.</summary>
    public const int CharOrder = 6;

    /// <summary>Recall counts beta² = 4 times as much as precision.</summary>
    public const int Beta = 2;

    /// <summary>Creates a scorer; <paramref name="lowercase"/> lowercases both sides first (Python's str.lower()).</summary>
    public ChrF(bool lowercase = false) => Lowercase = lowercase;

    /// <summary>Whether both sides are lowercased first.</summary>
    public bool Lowercase { get; }

    /// <summary>sacreBLEU's signature for this configuration with <paramref name="nrefs"/> references (-1: varies).</summary>
    public string Signature(int nrefs = 1) =>
        $"nrefs:{SacreBleu.NRefs(nrefs)}|case:{(Lowercase ? "lc" : "mixed")}|eff:yes|nc:{CharOrder}|nw:0|space:no|version:{SacreBleu.Version}";

    /// <summary>Corpus chrF against one reference per hypothesis.</summary>
    /// <exception cref="ArgumentException">Counts differ (both named) or a reference is empty (segment named).</exception>
    public ChrFScore CorpusScore(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references) =>
        CorpusScore(hypotheses, [references]);

    /// <summary>
    /// Corpus chrF against several reference streams; per segment the reference giving the best chrF is used
    /// (the first one on ties), as in sacreBLEU. Empty references are skipped per segment.
    /// </summary>
    /// <exception cref="ArgumentException">A stream's length differs (counts named) or a segment has only empty references (segment named).</exception>
    public ChrFScore CorpusScore(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> referenceStreams)
    {
        var (segments, nrefs) = SacreBleu.GatherReferences(hypotheses, referenceStreams);
        var corpus = new long[3 * CharOrder];
        for (int i = 0; i < hypotheses.Count; i++)
        {
            var hyp = CountNGrams(Prepare(hypotheses[i]));
            long[]? best = null;
            double bestScore = -1.0;
            foreach (string reference in segments[i])
            {
                long[] stats = MatchStatistics(hyp, CountNGrams(Prepare(reference)));
                double score = FScore(stats);
                if (score > bestScore)
                    (best, bestScore) = (stats, score);
            }
            for (int k = 0; k < corpus.Length; k++)
                corpus[k] += best![k];
        }
        return new ChrFScore(FScore(corpus), Beta, corpus, Signature(nrefs));
    }

    /// <summary>
    /// chrF from [hyp, ref, match] statistics per order (length 3·<see cref="CharOrder"/>), following sacreBLEU's
    /// <c>_compute_f_score</c> without eps smoothing, operation for operation.
    /// </summary>
    /// <exception cref="ArgumentException">Wrong length or negative counts.</exception>
    public static double FScore(IReadOnlyList<long> statistics)
    {
        if (statistics.Count != 3 * CharOrder)
            throw new ArgumentException($"Need {3 * CharOrder} statistics, got {statistics.Count}.", nameof(statistics));
        const int factor = Beta * Beta;
        double avgPrecision = 0, avgRecall = 0;
        int effectiveOrder = 0;
        for (int n = 0; n < CharOrder; n++)
        {
            long hyp = statistics[3 * n], reference = statistics[3 * n + 1], match = statistics[3 * n + 2];
            if (hyp < 0 || reference < 0 || match < 0)
                throw new ArgumentException($"Order {n + 1}: negative statistics.", nameof(statistics));
            // Orders where either side is too short to have n-grams do not count at all.
            if (hyp > 0 && reference > 0)
            {
                avgPrecision += (double)match / hyp;
                avgRecall += (double)match / reference;
                effectiveOrder++;
            }
        }
        if (effectiveOrder == 0)
            return 0.0;
        avgPrecision /= effectiveOrder;
        avgRecall /= effectiveOrder;
        if (avgPrecision + avgRecall == 0)
            return 0.0;
        double score = (1 + factor) * avgPrecision * avgRecall;
        score /= factor * avgPrecision + avgRecall;
        return 100 * score;
    }

    private string Prepare(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return PythonText.RemoveSpace(Lowercase ? PythonText.Lower(segment) : segment);
    }

    // One dictionary per order; keys are the n-gram text (n code points).
    private static Dictionary<string, int>[] CountNGrams(string text)
    {
        int[] offsets = PythonText.CodePointOffsets(text);
        int length = offsets.Length - 1;
        var counts = new Dictionary<string, int>[CharOrder];
        for (int n = 1; n <= CharOrder; n++)
        {
            var map = counts[n - 1] = new Dictionary<string, int>(StringComparer.Ordinal);
            var lookup = map.GetAlternateLookup<ReadOnlySpan<char>>();
            for (int i = 0; i + n <= length; i++)
            {
                ReadOnlySpan<char> gram = text.AsSpan(offsets[i], offsets[i + n] - offsets[i]);
                lookup[gram] = lookup.TryGetValue(gram, out int c) ? c + 1 : 1;
            }
        }
        return counts;
    }

    private static long[] MatchStatistics(Dictionary<string, int>[] hyp, Dictionary<string, int>[] reference)
    {
        var stats = new long[3 * CharOrder];
        for (int n = 0; n < CharOrder; n++)
        {
            long hypCount = 0, refCount = 0, matches = 0;
            foreach (var (gram, count) in hyp[n])
            {
                hypCount += count;
                if (reference[n].TryGetValue(gram, out int refGram))
                    matches += Math.Min(count, refGram);
            }
            foreach (int count in reference[n].Values)
                refCount += count;
            // sacreBLEU counts no hypothesis n-grams of an order the reference has none of.
            stats[3 * n] = reference[n].Count > 0 ? hypCount : 0;
            stats[3 * n + 1] = refCount;
            stats[3 * n + 2] = matches;
        }
        return stats;
    }
}
