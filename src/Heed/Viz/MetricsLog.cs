using System.Globalization;
using System.Text.Json;
using Heed.Io;

namespace Heed.Viz;

/// <summary>
/// A training log read from metrics.jsonl: one JSON object per line, each with an integer <c>"step"</c> and any number
/// of numeric metrics, e.g. <c>{"step":100,"train_loss":3.2}</c> or <c>{"step":500,"dev_loss":2.9,"dev_bleu":12.3}</c>.
/// </summary>
/// <remarks>
/// Unknown keys are kept when numeric and ignored otherwise, so newer logs still load. Blank lines are skipped.
/// The metrics Heed charts (<see cref="KnownMetrics"/>) must be numbers when present. JSON has no NaN, so a
/// diverged run that wrote <c>NaN</c> is reported as a bad line rather than silently charted.
/// </remarks>
public sealed class MetricsLog
{
    /// <summary>Metrics that, when present on a line, must be JSON numbers.</summary>
    public static readonly IReadOnlyList<string> KnownMetrics = ["train_loss", "dev_loss", "dev_bleu", "dev_ppl"];

    /// <summary>One line of the log.</summary>
    /// <param name="Step">Training step (non-negative).</param>
    /// <param name="Values">Numeric metrics on that line, by key (without "step").</param>
    public sealed record Entry(long Step, IReadOnlyDictionary<string, double> Values);

    private MetricsLog(IReadOnlyList<Entry> entries) => Entries = entries;

    /// <summary>Lines in file order.</summary>
    public IReadOnlyList<Entry> Entries { get; }

    /// <summary>Reads and validates <paramref name="path"/>.</summary>
    /// <exception cref="HeedInputException">The file is missing, or a line is not a JSON object with a non-negative integer
    /// "step" and numeric known metrics; the message names the file and the 1-based line.</exception>
    public static MetricsLog Read(string path)
    {
        if (!File.Exists(path)) throw new HeedInputException($"Metrics file '{path}' does not exist: give the model directory of a training that has logged (heed train writes metrics.jsonl there).");
        // A training that is writing (or was killed while writing) may have left half a line at the end: skip it.
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new HeedInputException($"Cannot read '{path}': {e.Message}", e); }
        return Parse(new StringReader(AppendOnlyLog.CompleteLines(text)), path);
    }

    /// <summary>Parses metrics.jsonl text; <paramref name="sourceName"/> is used in error messages.</summary>
    /// <exception cref="HeedInputException">As for <see cref="Read"/>.</exception>
    public static MetricsLog Parse(TextReader reader, string sourceName)
    {
        var entries = new List<Entry>();
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            entries.Add(ParseLine(line, sourceName, lineNumber));
        }
        return new MetricsLog(entries);
    }

    /// <summary>Whether any line carries <paramref name="key"/>.</summary>
    public bool Has(string key) => Entries.Any(e => e.Values.ContainsKey(key));

    /// <summary>The (step, value) points of one metric, in file order; empty arrays when the key never occurs.</summary>
    public (double[] Steps, double[] Values) Series(string key)
    {
        var points = Entries.Where(e => e.Values.ContainsKey(key)).ToList();
        return (points.Select(e => (double)e.Step).ToArray(), points.Select(e => e.Values[key]).ToArray());
    }

    private static Entry ParseLine(string line, string source, int lineNumber)
    {
        string where = $"{source}:{lineNumber}";
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new HeedInputException($"{where}: not valid JSON ({e.Message}).", e);
        }
        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new HeedInputException($"{where}: expected a JSON object, found {root.ValueKind}.");
            if (!root.TryGetProperty("step", out JsonElement stepElement))
                throw new HeedInputException($"{where}: missing key \"step\".");
            if (stepElement.ValueKind != JsonValueKind.Number || !stepElement.TryGetInt64(out long step) || step < 0)
                throw new HeedInputException($"{where}: key \"step\" must be a non-negative integer, found {stepElement.GetRawText()}.");
            var values = new Dictionary<string, double>();
            foreach (JsonProperty p in root.EnumerateObject())
            {
                if (p.Name == "step") continue;
                if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDouble(out double v) && double.IsFinite(v))
                    values[p.Name] = v;
                else if (KnownMetrics.Contains(p.Name))
                    throw new HeedInputException($"{where}: key \"{p.Name}\" must be a finite number, found {p.Value.GetRawText()}.");
            }
            return new Entry(step, values);
        }
    }
}
