using Heed.Metrics;

namespace Heed.Tests.Metrics;

public class BleuTests
{
    // Scores are on a 0..100 scale; sacreBLEU's doubles are reproduced to well within this.
    // Hand-computed expectations use another order of operations, so they agree to rounding only.
    private const double Tolerance = 1e-9;

    // Our arithmetic follows sacreBLEU operation for operation; the vectors agree bit for bit here, and the
    // margin only allows for a platform's exp/log differing in the last place.
    private const double VectorTolerance = 1e-12;

    public static TheoryData<string> CaseNames() => [.. SacreBleuVectors.Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Cased_MatchesSacreBleu(string name) => AssertMatches(name, lowercase: false);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Lowercase_MatchesSacreBleu(string name) => AssertMatches(name, lowercase: true);

    private static void AssertMatches(string name, bool lowercase)
    {
        // Expected numbers: sacreBLEU 2.6.0 (see SacreBleuVectors).
        var c = SacreBleuVectors.Cases.Single(x => x.Name == name);
        var expected = lowercase ? c.Lowercase : c.Cased;
        BleuScore s = new Bleu(lowercase).CorpusScore(c.Hyps, c.Refs);
        Assert.Equal(expected.Bleu, s.Score, VectorTolerance);
        Assert.Equal(expected.Counts, s.Counts);
        Assert.Equal(expected.Totals, s.Totals);
        for (int n = 0; n < 4; n++)
            Assert.Equal(expected.Precisions[n], s.Precisions[n], VectorTolerance);
        Assert.Equal(expected.Bp, s.BrevityPenalty, 1e-12);
        Assert.Equal(expected.SysLen, s.SysLen);
        Assert.Equal(expected.RefLen, s.RefLen);
        Assert.Equal(lowercase ? SacreBleuVectors.SignatureLowercase : SacreBleuVectors.SignatureCased, s.Signature);
    }

    [Fact]
    public void OneWrongToken_HandComputed()
    {
        // Hand calculation: "a b c d e" vs "a b c d f": matches 4/5, 3/4, 2/3, 1/2, product 0.2, BP 1,
        // BLEU = 100 * 0.2^(1/4).
        BleuScore s = new Bleu().CorpusScore(["a b c d e"], ["a b c d f"]);
        Assert.Equal([4L, 3, 2, 1], s.Counts);
        Assert.Equal([5L, 4, 3, 2], s.Totals);
        Assert.Equal(100 * Math.Pow(0.2, 0.25), s.Score, Tolerance);
    }

    [Fact]
    public void ExpSmoothing_HalvesEachFurtherZeroOrder_HandComputed()
    {
        // Hand calculation: "a b c d e" vs "a b x d e": unigram 4/5, bigram 2/4, no trigram of 3 -> 1/(2*3),
        // no 4-gram of 2 -> 1/(4*2) (mteval's exp smoothing doubles the divisor per zero order); BP 1.
        BleuScore s = new Bleu().CorpusScore(["a b c d e"], ["a b x d e"]);
        Assert.Equal([4L, 2, 0, 0], s.Counts);
        Assert.Equal(100.0 / 6, s.Precisions[2], Tolerance);
        Assert.Equal(12.5, s.Precisions[3], Tolerance);
        Assert.Equal(100 * Math.Pow(0.8 * 0.5 / 6 / 8, 0.25), s.Score, Tolerance);
    }

    [Fact]
    public void HypothesisLongerThanReference_HasNoBrevityPenalty_HandComputed()
    {
        // Hand calculation: 6 hypothesis tokens against 4 reference tokens; all 4 reference unigrams match.
        BleuScore s = new Bleu().CorpusScore(["a b c d e f"], ["a b c d"]);
        Assert.Equal(1.0, s.BrevityPenalty);
        Assert.Equal(6, s.SysLen);
        Assert.Equal(4, s.RefLen);
        Assert.Equal(100 * Math.Pow(4.0 / 6 * 3 / 5 * 2 / 4 * 1 / 3, 0.25), s.Score, Tolerance);
    }

    [Fact]
    public void MultipleReferences_ClipByLargestCount_AndTieGoesToShorterReference()
    {
        // Hand calculation: hypothesis has 4 tokens; references have 3 and 5 (both 1 away): the shorter, 3, is
        // the reference length. Every hypothesis n-gram occurs in the second reference, so BLEU is 100.
        BleuScore s = new Bleu().CorpusScore(["a b c d"], [["a b c"], ["a b c d e"]]);
        Assert.Equal(3, s.RefLen);
        Assert.Equal([4L, 3, 2, 1], s.Counts);
        Assert.Equal(100.0, s.Score, Tolerance);
        Assert.StartsWith("nrefs:2|", s.Signature);

        // "the" occurs at most twice in any one reference, so 2 of the 4 hypothesis "the"s are credited.
        BleuScore clipped = new Bleu().CorpusScore(["the the the the"], [["the cat"], ["the the dog"]]);
        Assert.Equal(2, clipped.Counts[0]);
    }

    [Fact]
    public void EmptyReferenceInOneStream_IsSkipped_AndSignatureSaysVar()
    {
        BleuScore s = new Bleu().CorpusScore(["a b c d", "x y"], [["a b c d", "x y"], ["", "x y z"]]);
        Assert.Equal("nrefs:var|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0", s.Signature);
        // Segment 1 has only its first reference (4 tokens); segment 2 picks the closest, 2 tokens.
        Assert.Equal(6, s.RefLen);
    }

    [Fact]
    public void BadShapes_NameTheProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => new Bleu().CorpusScore(["a", "b"], ["a"]));
        Assert.Contains("1 segments", e.Message);
        Assert.Contains("2 hypotheses", e.Message);
        var empty = Assert.Throws<ArgumentException>(() => new Bleu().CorpusScore(["a", "b"], ["a", ""]));
        Assert.Contains("Segment 2", empty.Message);
    }

    [Fact]
    public void TrailingHyphenNewline_IsRightStrippedBeforeTokenising()
    {
        // sacreBLEU right-strips before the 13a tokeniser, so "well-\n" keeps its hyphen rather than being joined.
        Assert.Equal(["well-"], new Bleu().Tokens("well-\n"));
    }

    [Fact]
    public void ToString_HasSacreBleuLayout()
    {
        // Numbers from the "punctuation-13a" vector, formatted as sacreBLEU prints them.
        var c = SacreBleuVectors.Cases.Single(x => x.Name == "punctuation-13a");
        Assert.Equal("BLEU = 36.79 81.8/60.0/44.4/25.0 (BP = 0.761 ratio = 0.786 hyp_len = 11 ref_len = 14)",
            new Bleu().CorpusScore(c.Hyps, c.Refs).ToString());
    }
}
