using System.Globalization;

namespace Heed.Metrics;

/// <summary>A corpus chrF result.</summary>
/// <param name="Score">chrF in [0, 100].</param>
/// <param name="Beta">Recall weight (2 for chrF2).</param>
/// <param name="Statistics">
/// Summed [hypothesis n-grams, reference n-grams, matches] per character order 1..6 (length 18), as sacreBLEU keeps them.
/// </param>
/// <param name="Signature">sacreBLEU's signature, e.g. <c>nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0</c>.</param>
public sealed record ChrFScore(double Score, int Beta, IReadOnlyList<long> Statistics, string Signature)
{
    /// <summary>sacreBLEU's form: <c>chrF2 = 58.30</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"chrF{Beta} = {Score:F2}");
}
