namespace Heed.Metrics;

/// <summary>What our BLEU and chrF share with sacreBLEU: the version whose numbers they reproduce, and input checks.</summary>
public static class SacreBleu
{
    /// <summary>
    /// The sacreBLEU release whose default numbers <see cref="Bleu"/> and <see cref="ChrF"/> reproduce; it goes
    /// into the <c>version:</c> field of their signatures, which therefore says which behaviour we match.
    /// </summary>
    public const string Version = "2.6.0";

    /// <summary>The <c>nrefs:</c> field: the number of references per segment, or "var" when it varies.</summary>
    internal static string NRefs(int referencesPerSegment) =>
        referencesPerSegment < 0 ? "var" : referencesPerSegment.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Checks shapes and, per segment, drops empty references as sacreBLEU does (so segments may have fewer);
    /// returns the non-empty references of each segment and the nrefs value (-1 when it varies).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// No reference stream, a stream whose length differs from the hypotheses (both counts named), or a segment
    /// whose references are all empty (its 1-based number named), which sacreBLEU also rejects.
    /// </exception>
    internal static (string[][] Segments, int NRefs) GatherReferences(
        IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> referenceStreams)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(referenceStreams);
        if (referenceStreams.Count == 0)
            throw new ArgumentException("At least one reference stream is needed.", nameof(referenceStreams));
        for (int r = 0; r < referenceStreams.Count; r++)
            if (referenceStreams[r].Count != hypotheses.Count)
                throw new ArgumentException(
                    $"Reference stream {r + 1} has {referenceStreams[r].Count} segments but there are {hypotheses.Count} hypotheses.",
                    nameof(referenceStreams));

        var segments = new string[hypotheses.Count][];
        var counts = new HashSet<int>();
        for (int i = 0; i < hypotheses.Count; i++)
        {
            segments[i] = [.. referenceStreams.Select(stream => stream[i]).Where(line => !string.IsNullOrEmpty(line))];
            if (segments[i].Length == 0)
                throw new ArgumentException($"Segment {i + 1}: every reference is empty (sacreBLEU rejects this too).",
                    nameof(referenceStreams));
            counts.Add(segments[i].Length);
        }
        return (segments, counts.Count == 1 ? counts.Single() : counts.Count == 0 ? referenceStreams.Count : -1);
    }
}
