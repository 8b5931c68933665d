using Heed.Decoding;
using Heed.Models;

namespace Heed.Tests.Decoding;

public class SearchTests
{
    private static SourceBatch Sources(params int[] lengths) =>
        SourceBatch.FromSequences(lengths.Select(n => Enumerable.Repeat(5, n).ToArray()).ToList(), pad: 0);

    /// <summary>Every output up to the limit, scored as search scores it: ended ones with EOS, the rest cut at the limit.</summary>
    private static (int[] Tokens, double Score) BruteForceBest(MarkovDecoder m, int limit, SearchOptions o)
    {
        var best = (Tokens: Array.Empty<int>(), Score: double.NegativeInfinity);
        var words = Enumerable.Range(0, m.TargetVocabulary).Where(t => t != m.EosId).ToArray();
        IEnumerable<int[]> All(int n) => n == 0 ? [[]] : All(n - 1).SelectMany(p => words.Select(w => (int[])[.. p, w]));
        for (int n = 0; n <= limit; n++)
            foreach (var seq in All(n))
            {
                bool ended = n < limit;
                double s = m.Score(seq, withEos: ended) / o.LengthPenalty(ended ? n + 1 : n);
                if (s > best.Score) best = (seq, s);
            }
        return best;
    }

    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(2, 1.0)]
    [InlineData(3, 0.6)]
    public void WideBeam_FindsTheBruteForceOptimum(int seed, double alpha)
    {
        var m = new MarkovDecoder(vocab: 4, seed);
        var options = new SearchOptions(Beam: 64, Alpha: alpha, MaxLengthRatio: 1, MaxLength: 4);
        var result = BeamSearch.Decode(m, Sources(3, 4), options);
        for (int s = 0; s < 2; s++)
        {
            int limit = options.LimitFor(s == 0 ? 3 : 4);
            var expected = BruteForceBest(m, limit, options);
            Assert.Equal(expected.Tokens, result[s][0].Tokens);
            Assert.Equal(expected.Score, result[s][0].Score, 5);
        }
    }

    [Fact]
    public void BeamOfOne_EqualsGreedy()
    {
        var m = new MarkovDecoder(vocab: 7, seed: 4);
        var options = new SearchOptions(Beam: 1, MaxLengthRatio: 2, Alpha: 0);
        var greedy = GreedySearch.Decode(m, Sources(3, 5, 2), options);
        var beam = BeamSearch.Decode(m, Sources(3, 5, 2), options);
        for (int s = 0; s < 3; s++) Assert.Equal(greedy[s].Tokens, beam[s][0].Tokens);
    }

    [Fact]
    public void Search_NormalisesLogits_ItIsGiven()
    {
        // A model whose step returns logits (log-probabilities plus a per-row constant): greedy and beam search must
        // report the log-probabilities of the hand-computed table (MarkovDecoder.Score), as for normalised scores.
        var m = new MarkovDecoder(vocab: 6, seed: 9) { Offset = 2.5f };
        var options = new SearchOptions(Beam: 1, Alpha: 0, MaxLengthRatio: 2);
        foreach (var h in GreedySearch.Decode(m, Sources(3, 4), options))
            Assert.Equal(m.Score(h.Tokens, h.Attention.Length == h.Tokens.Length + 1), h.LogProb, 4);
        foreach (var h in BeamSearch.Decode(m, Sources(3, 4), options with { Beam = 3 }).Select(n => n[0]))
            Assert.Equal(m.Score(h.Tokens, h.Attention.Length == h.Tokens.Length + 1), h.LogProb, 4);
    }

    [Fact]
    public void NBest_IsSortedAndDistinct_AndScoresMatchTheModel()
    {
        var m = new MarkovDecoder(vocab: 6, seed: 9);
        var options = new SearchOptions(Beam: 5, Alpha: 1, NBest: 5, MaxLengthRatio: 2);
        var result = BeamSearch.Decode(m, Sources(3), options)[0];
        Assert.True(result.Length > 1);
        for (int i = 1; i < result.Length; i++) Assert.True(result[i - 1].Score >= result[i].Score);
        Assert.Equal(result.Length, result.Select(h => string.Join(",", h.Tokens)).Distinct().Count());
        foreach (var h in result)
        {
            bool ended = h.Attention.Length == h.Tokens.Length + 1;
            Assert.Equal(m.Score(h.Tokens, ended), h.LogProb, 4);
        }
    }

    [Fact]
    public void Greedy_RespectsLengthLimit_AndRecordsAttentionPerStep()
    {
        var m = new MarkovDecoder(vocab: 5, seed: 2);
        var options = new SearchOptions(MaxLengthRatio: 1, StopAtEos: false);
        var result = GreedySearch.Decode(m, Sources(4, 2), options);
        Assert.Equal(4, result[0].Tokens.Length);
        Assert.Equal(2, result[1].Tokens.Length);
        Assert.Equal(4, result[0].Attention.Length);
        Assert.All(result[0].Attention, row => Assert.Equal(1f, row.Sum(), 5));
    }
}
