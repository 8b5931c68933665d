namespace Heed.Translation;

/// <summary>How a loaded model translates; every null takes the model's own <c>decoding</c> section.</summary>
/// <param name="Beam">beam width (1 = greedy)</param>
/// <param name="NBest">how many hypotheses each result lists (≤ the beam width)</param>
/// <param name="Alpha">GNMT length-penalty exponent</param>
/// <param name="MaxLengthRatio">the longest output, as a multiple of the source length</param>
/// <param name="BatchSize">sentences searched together (inputs are sorted by length inside, results keep input order)</param>
/// <param name="ReplaceUnknown">replace each &lt;unk&gt; by its most-attended source token</param>
public sealed record TranslateOptions(int? Beam = null, int NBest = 1, double? Alpha = null, double? MaxLengthRatio = null,
    int? BatchSize = null, bool? ReplaceUnknown = null);

/// <summary>Progress of a long batch: sentences translated so far out of the total.</summary>
public readonly record struct TranslateProgress(int Done, int Total);
