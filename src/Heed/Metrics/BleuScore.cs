using System.Globalization;

namespace Heed.Metrics;

/// <summary>
/// A corpus BLEU result with the sufficient statistics behind it, as sacreBLEU's <c>BLEUScore</c> reports them.
/// </summary>
/// <param name="Score">BLEU in [0, 100].</param>
/// <param name="Counts">Clipped n-gram matches for n = 1..4 (length 4).</param>
/// <param name="Totals">Hypothesis n-grams for n = 1..4 (length 4).</param>
/// <param name="Precisions">Per-order precisions in percent after smoothing (length 4); all 0 when nothing matched.</param>
/// <param name="BrevityPenalty">exp(1 - ref/sys) when the hypotheses are shorter, else 1; 0 for empty output.</param>
/// <param name="SysLen">Total hypothesis tokens.</param>
/// <param name="RefLen">Total reference tokens (per segment, the reference length closest to the hypothesis).</param>
/// <param name="Signature">sacreBLEU's reproducibility signature, e.g. <c>nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0</c>.</param>
public sealed record BleuScore(
    double Score,
    IReadOnlyList<long> Counts,
    IReadOnlyList<long> Totals,
    IReadOnlyList<double> Precisions,
    double BrevityPenalty,
    long SysLen,
    long RefLen,
    string Signature)
{
    /// <summary>Hypothesis length over reference length, 0 when there is no reference text.</summary>
    public double Ratio => RefLen == 0 ? 0 : (double)SysLen / RefLen;

    /// <summary>sacreBLEU's one-line form: <c>BLEU = 36.79 81.8/60.0/44.4/25.0 (BP = 0.761 ratio = 0.786 hyp_len = 11 ref_len = 14)</c>.</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        string precisions = string.Join('/', Precisions.Select(p => p.ToString("F1", c)));
        return string.Create(c,
            $"BLEU = {Score:F2} {precisions} (BP = {BrevityPenalty:F3} ratio = {Ratio:F3} hyp_len = {SysLen} ref_len = {RefLen})");
    }
}
