namespace Heed.Attention;

/// <summary>
/// How peaked a set of alignment rows is (one row: one output step's weights over the source): the mean entropy of
/// the rows and the mean share of each row's weight on its top source position. The shoot-out's sharpness columns.
/// </summary>
/// <remarks>
/// Each row is normalised by its own sum before either is taken, since local-p's rows sum to at most 1 (its Gaussian is
/// not renormalised) and their entropy should speak of where the weight is, not how much of it there is; a row with no
/// weight (nothing to align) is skipped. Entropy is in nats: 0 for a one-hot row (hard attention), ln L for a uniform
/// row over L positions, which <see cref="MeanUniformEntropy"/> averages over the same rows as the scale to read it on.
/// </remarks>
/// <param name="Rows">rows counted (output steps with some weight)</param>
/// <param name="MeanEntropy">mean of −Σ_i a_i ln a_i over the rows, in nats</param>
/// <param name="MeanTopShare">mean of max_i a_i over the rows</param>
/// <param name="MeanUniformEntropy">mean of ln(the row's number of source positions): a uniform row's entropy</param>
public sealed record AlignmentSharpness(int Rows, double MeanEntropy, double MeanTopShare, double MeanUniformEntropy)
{
    /// <summary>The statistics of <paramref name="rows"/> (each the weights of one output step over its source).</summary>
    public static AlignmentSharpness Of(IEnumerable<float[]> rows)
    {
        int count = 0;
        double entropy = 0, top = 0, uniform = 0;
        foreach (var row in rows)
        {
            double sum = 0, max = 0;
            foreach (float w in row) { sum += w; max = Math.Max(max, w); }
            if (!(sum > 0)) continue;
            double h = 0;
            foreach (float w in row)
                if (w > 0) { double p = w / sum; h -= p * Math.Log(p); }
            entropy += h;
            top += max / sum;
            uniform += Math.Log(row.Length);
            count++;
        }
        return count == 0 ? new(0, 0, 0, 0) : new(count, entropy / count, top / count, uniform / count);
    }
}
