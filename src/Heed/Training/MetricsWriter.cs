using System.Globalization;
using System.Text;

namespace Heed.Training;

/// <summary>Appends one JSON object per line to <c>metrics.jsonl</c> (an append-only log, flushed each line).</summary>
internal sealed class MetricsWriter
{
    private readonly string _path;

    /// <summary>Appends to <paramref name="path"/>, first cutting off a line torn by a killed run.</summary>
    public MetricsWriter(string path)
    {
        _path = path;
        Io.AppendOnlyLog.TrimTornLine(path);
    }

    public void Write(params (string Key, object Value)[] fields)
    {
        var sb = new StringBuilder("{");
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append('"').Append(fields[i].Key).Append("\":");
            sb.Append(fields[i].Value switch
            {
                string s => System.Text.Json.JsonSerializer.Serialize(s),
                double d when !double.IsFinite(d) => "null",
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                float f when !float.IsFinite(f) => "null",
                float f => f.ToString("R", CultureInfo.InvariantCulture), // the float's own shortest digits, not its double widening
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var other => System.Text.Json.JsonSerializer.Serialize(other),
            });
        }
        sb.Append("}\n");
        File.AppendAllText(_path, sb.ToString());
    }
}
