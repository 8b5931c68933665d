using Heed.Metrics;

namespace Heed.Tests.Metrics;

public class ChrFTests
{
    // Hand-computed expectations use another order of operations, so they agree to rounding only.
    private const double Tolerance = 1e-9;

    // Our arithmetic follows sacreBLEU operation for operation; the vectors agree bit for bit here, and the
    // margin only allows for a platform's exp/log differing in the last place.
    private const double VectorTolerance = 1e-12;

    public static TheoryData<string> CaseNames() => [.. SacreBleuVectors.Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Cased_MatchesSacreBleu(string name)
    {
        // Expected numbers: sacreBLEU 2.6.0 (see SacreBleuVectors).
        var c = SacreBleuVectors.Cases.Single(x => x.Name == name);
        ChrFScore s = new ChrF().CorpusScore(c.Hyps, c.Refs);
        Assert.Equal(c.Cased.ChrF, s.Score, VectorTolerance);
        Assert.Equal("nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0", s.Signature);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Lowercase_MatchesSacreBleu(string name)
    {
        var c = SacreBleuVectors.Cases.Single(x => x.Name == name);
        ChrFScore s = new ChrF(lowercase: true).CorpusScore(c.Hyps, c.Refs);
        Assert.Equal(c.Lowercase.ChrF, s.Score, VectorTolerance);
        Assert.Equal("nrefs:1|case:lc|eff:yes|nc:6|nw:0|space:no|version:2.6.0", s.Signature);
    }

    [Fact]
    public void OneWrongCharacter_HandComputed()
    {
        // Hand calculation: "abc" vs "abd": orders 1..3 give P = R = 2/3, 1/2, 0 (orders 4..6 have no n-grams
        // and do not count); averages P = R = 7/18, and F2 with P = R is P itself.
        ChrFScore s = new ChrF().CorpusScore(["abc"], ["abd"]);
        Assert.Equal(100.0 * 7 / 18, s.Score, Tolerance);
    }

    [Fact]
    public void WhitespaceIsIgnored()
    {
        // Whitespace is removed before n-grams are taken, so these are identical character sequences.
        Assert.Equal(100.0, new ChrF().CorpusScore(["a b\tc"], ["abc"]).Score, Tolerance);
    }

    [Fact]
    public void OrdersTheReferenceIsTooShortFor_DoNotCountHypothesisNGrams_HandComputed()
    {
        // Hand calculation: "abcdef" vs "ab": order 1 P = 2/6, R = 1; order 2 P = 1/5, R = 1; orders 3..6 have
        // no reference n-grams, so sacreBLEU records 0 hypothesis n-grams for them too. P = 4/15, R = 1,
        // F2 = 5PR / (4P + R) = 20/31.
        ChrFScore s = new ChrF().CorpusScore(["abcdef"], ["ab"]);
        Assert.Equal(100.0 * 20 / 31, s.Score, Tolerance);
        Assert.Equal(0, s.Statistics[3 * 2]);
    }

    [Fact]
    public void CorpusStatisticsAreSummed_NotSentenceScoresAveraged()
    {
        // Summing [hyp, ref, match] counts then scoring differs from averaging the two sentence scores.
        var chrf = new ChrF();
        ChrFScore a = chrf.CorpusScore(["abc"], ["abd"]);
        ChrFScore b = chrf.CorpusScore(["abcdef"], ["ab"]);
        ChrFScore both = chrf.CorpusScore(["abc", "abcdef"], ["abd", "ab"]);
        long[] summed = [.. a.Statistics.Zip(b.Statistics, (x, y) => x + y)];
        Assert.Equal(summed, both.Statistics);
        Assert.Equal(ChrF.FScore(summed), both.Score);
        Assert.NotEqual((a.Score + b.Score) / 2, both.Score, 1e-6);
    }

    [Fact]
    public void AstralCharactersCountAsOneCharacter()
    {
        // Python indexes code points: "😀a" vs "😀b" is P = R = 1/2 at order 1 and 0 at order 2, so F = 25.
        // Counting UTF-16 units would give 2/3 at order 1.
        Assert.Equal(25.0, new ChrF().CorpusScore(["😀a"], ["😀b"]).Score, Tolerance);
    }

    [Fact]
    public void MultipleReferences_TakeTheBestPerSegment()
    {
        ChrFScore s = new ChrF().CorpusScore(["abc"], [["xyz"], ["abc"]]);
        Assert.Equal(100.0, s.Score, Tolerance);
        Assert.StartsWith("nrefs:2|", s.Signature);
    }

    [Fact]
    public void EmptyHypothesis_ScoresZero()
    {
        Assert.Equal(0.0, new ChrF().CorpusScore([""], ["abc"]).Score);
    }
}
