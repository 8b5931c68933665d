using Heed.Models;

namespace Heed.Decoding;

/// <summary>One output of search.</summary>
/// <param name="Tokens">target ids, without BOS and EOS</param>
/// <param name="Score">the ranking score: log-probability divided by the length penalty</param>
/// <param name="LogProb">the sum of the tokens' log-probabilities (EOS included when it was produced)</param>
/// <param name="Attention">for each output step (tokens, then EOS when produced) the weights over source positions</param>
public sealed record Hypothesis(int[] Tokens, double Score, double LogProb, float[][] Attention);

/// <summary>How search decodes.</summary>
/// <param name="Beam">beam width; 1 is greedy search</param>
/// <param name="Alpha">GNMT length-penalty exponent: lp(n) = ((5 + n) / 6)^alpha; 0 ranks by raw log-probability</param>
/// <param name="MaxLengthRatio">an output may have at most ⌈ratio × source length⌉ tokens (EOS not counted)…</param>
/// <param name="MaxLength">… and never more than this</param>
/// <param name="NBest">how many hypotheses to return per sentence (≤ Beam)</param>
/// <param name="StopAtEos">false decodes every row to its length limit (benchmarks that must do a fixed amount of work)</param>
public sealed record SearchOptions(int Beam = 1, double Alpha = 1.0, double MaxLengthRatio = 2.0, int MaxLength = 250,
    int NBest = 1, bool StopAtEos = true)
{
    /// <summary>The length limit for a source of <paramref name="sourceLength"/> tokens.</summary>
    public int LimitFor(int sourceLength) => Math.Max(1, Math.Min(MaxLength, (int)Math.Ceiling(MaxLengthRatio * sourceLength)));

    /// <summary>
    /// What a search of <paramref name="source"/> with these options asks of the model: the longest row's length limit
    /// when EOS does not stop rows; otherwise at most the longest source, since outputs run about as long as their
    /// sources and a batch steps until its longest output ends. Rows per source: the beam width.
    /// </summary>
    public SearchWork WorkFor(SourceBatch source)
    {
        int limit = source.Lengths.Length == 0 ? 1 : source.Lengths.Max(LimitFor);
        return new SearchWork(StopAtEos ? Math.Max(1, Math.Min(limit, source.MaxLength)) : limit, Math.Max(1, Beam));
    }

    /// <summary>These options with the length limit capped at what <paramref name="model"/> can produce.</summary>
    public SearchOptions For(IStepDecoder model) =>
        model.MaxOutputLength < MaxLength ? this with { MaxLength = model.MaxOutputLength } : this;

    /// <summary>GNMT length penalty (Wu et al. 2016, eq. 14).</summary>
    public double LengthPenalty(int length) => Alpha == 0 ? 1 : Math.Pow((5.0 + length) / 6.0, Alpha);
}
