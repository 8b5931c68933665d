namespace Heed.Metrics;

/// <summary>
/// Corpus BLEU exactly as sacreBLEU 2.6.0 computes it by default: 13a tokenisation, n-grams up to 4 with
/// counts clipped by the largest count in any reference, the brevity penalty against the closest reference
/// length, and 'exp' smoothing (mteval-v13a's: the k-th order with no match gets precision 1/(2^k · total)).
/// Statistics are summed over the corpus before the score is formed; this is not an average of sentence BLEU.
/// </summary>
public sealed class Bleu
{
    /// <summary>The largest n-gram order (sacreBLEU's default).</summary>
    public const int MaxOrder = 4;

    // sacreBLEU's my_log: log(0) is replaced by a huge negative number so the score becomes exactly 0.
    private const double LogOfZero = -9999999999;

    /// <summary>Creates a scorer; <paramref name="lowercase"/> lowercases both sides first (Python's str.lower()).</summary>
    public Bleu(bool lowercase = false) => Lowercase = lowercase;

    /// <summary>Whether both sides are lowercased before tokenising.</summary>
    public bool Lowercase { get; }

    /// <summary>sacreBLEU's signature for this configuration with <paramref name="nrefs"/> references (-1: varies).</summary>
    public string Signature(int nrefs = 1) =>
        $"nrefs:{SacreBleu.NRefs(nrefs)}|case:{(Lowercase ? "lc" : "mixed")}|eff:no|tok:{Tokenizer13a.Name}|smooth:exp|version:{SacreBleu.Version}";

    /// <summary>Corpus BLEU against one reference per hypothesis.</summary>
    /// <exception cref="ArgumentException">Counts differ (both named) or a reference is empty (segment named).</exception>
    public BleuScore CorpusScore(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references) =>
        CorpusScore(hypotheses, [references]);

    /// <summary>
    /// Corpus BLEU against several reference streams (each as long as <paramref name="hypotheses"/>). Empty
    /// references are skipped per segment, as in sacreBLEU; the signature then says <c>nrefs:var</c> if counts differ.
    /// </summary>
    /// <exception cref="ArgumentException">A stream's length differs (counts named) or a segment has only empty references (segment named).</exception>
    public BleuScore CorpusScore(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> referenceStreams)
    {
        var (segments, nrefs) = SacreBleu.GatherReferences(hypotheses, referenceStreams);
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var counts = new long[MaxOrder];
        var totals = new long[MaxOrder];
        long sysLen = 0, refLen = 0;
        for (int i = 0; i < hypotheses.Count; i++)
        {
            int[] hyp = TokenIds(hypotheses[i], vocabulary);
            var refCounts = new Dictionary<NGram, int>();
            int closest = -1;
            foreach (string reference in segments[i])
            {
                int[] refTokens = TokenIds(reference, vocabulary);
                closest = Closer(hyp.Length, closest, refTokens.Length);
                foreach (var (gram, count) in CountNGrams(refTokens))
                    refCounts[gram] = Math.Max(count, refCounts.GetValueOrDefault(gram));
            }
            foreach (var (gram, count) in CountNGrams(hyp))
            {
                totals[gram.Order - 1] += count;
                counts[gram.Order - 1] += Math.Min(count, refCounts.GetValueOrDefault(gram));
            }
            sysLen += hyp.Length;
            refLen += closest;
        }
        return FromStatistics(counts, totals, sysLen, refLen, Signature(nrefs));
    }

    /// <summary>
    /// BLEU from summed statistics, following sacreBLEU's <c>compute_bleu</c> with 'exp' smoothing step by step
    /// (same operations in the same order, so the doubles agree bit for bit).
    /// </summary>
    /// <param name="counts">Clipped matches per order, length <see cref="MaxOrder"/>.</param>
    /// <param name="totals">Hypothesis n-grams per order, length <see cref="MaxOrder"/>.</param>
    /// <param name="sysLen">Hypothesis tokens.</param>
    /// <param name="refLen">Reference tokens.</param>
    /// <param name="signature">Stored in the result as is.</param>
    /// <exception cref="ArgumentException">Wrong lengths, negative values, or counts above totals.</exception>
    public static BleuScore FromStatistics(IReadOnlyList<long> counts, IReadOnlyList<long> totals, long sysLen, long refLen, string signature)
    {
        if (counts.Count != MaxOrder || totals.Count != MaxOrder)
            throw new ArgumentException($"Need {MaxOrder} counts and totals, got {counts.Count} and {totals.Count}.");
        for (int n = 0; n < MaxOrder; n++)
            if (counts[n] < 0 || counts[n] > totals[n])
                throw new ArgumentException($"Order {n + 1}: count {counts[n]} is not within [0, total {totals[n]}].");
        if (sysLen < 0 || refLen < 0)
            throw new ArgumentException($"Lengths must be non-negative, got sys_len {sysLen} and ref_len {refLen}.");

        double bp = sysLen < refLen ? (sysLen > 0 ? Math.Exp(1 - (double)refLen / sysLen) : 0.0) : 1.0;
        var precisions = new double[MaxOrder];
        long[] countsCopy = [.. counts], totalsCopy = [.. totals];
        // sacreBLEU returns early when nothing matched at any order: score 0, precisions all 0, bp still reported.
        if (counts.All(c => c == 0))
            return new BleuScore(0.0, countsCopy, totalsCopy, precisions, bp, sysLen, refLen, signature);

        double smooth = 1.0;
        for (int n = 0; n < MaxOrder; n++)
        {
            // Orders the hypotheses are too short for keep precision 0, which makes the score 0 (no effective order).
            if (totals[n] == 0)
                break;
            if (counts[n] == 0)
            {
                smooth *= 2;
                precisions[n] = 100.0 / (smooth * totals[n]);
            }
            else
            {
                precisions[n] = 100.0 * counts[n] / totals[n];
            }
        }
        double logSum = 0;
        foreach (double p in precisions)
            logSum += p == 0.0 ? LogOfZero : Math.Log(p);
        double score = bp * Math.Exp(logSum / MaxOrder);
        return new BleuScore(score, countsCopy, totalsCopy, precisions, bp, sysLen, refLen, signature);
    }

    /// <summary>The 13a tokens of one segment after sacreBLEU's preprocessing (optional lowercase, right-strip).</summary>
    public IReadOnlyList<string> Tokens(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        string text = Lowercase ? PythonText.Lower(segment) : segment;
        return Tokenizer13a.Tokenize(PythonText.RStrip(text)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private int[] TokenIds(string segment, Dictionary<string, int> vocabulary)
    {
        var tokens = Tokens(segment);
        var ids = new int[tokens.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            if (!vocabulary.TryGetValue(tokens[i], out int id))
                vocabulary[tokens[i]] = id = vocabulary.Count;
            ids[i] = id;
        }
        return ids;
    }

    // sacreBLEU's closest reference length: smallest |hyp - ref|, ties to the shorter reference.
    private static int Closer(int hypLen, int best, int candidate)
    {
        if (best < 0) return candidate;
        int dBest = Math.Abs(hypLen - best), dCandidate = Math.Abs(hypLen - candidate);
        return dCandidate < dBest || (dCandidate == dBest && candidate < best) ? candidate : best;
    }

    private static Dictionary<NGram, int> CountNGrams(int[] ids)
    {
        var grams = new Dictionary<NGram, int>();
        for (int order = 1; order <= MaxOrder; order++)
            for (int i = 0; i + order <= ids.Length; i++)
            {
                var gram = new NGram(order, ids[i],
                    order > 1 ? ids[i + 1] : -1, order > 2 ? ids[i + 2] : -1, order > 3 ? ids[i + 3] : -1);
                grams[gram] = grams.GetValueOrDefault(gram) + 1;
            }
        return grams;
    }

    // Up to MaxOrder token ids; unused slots are -1.
    private readonly record struct NGram(int Order, int A, int B, int C, int D);
}
