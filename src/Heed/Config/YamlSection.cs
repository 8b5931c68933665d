using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Heed.Config;

/// <summary>
/// One mapping of a YAML config file, read key by key with errors that name the file, line and key.
/// Every key read is remembered, so <see cref="RejectUnknownKeys"/> can list the valid ones for a typo.
/// </summary>
internal sealed class YamlSection
{
    private readonly YamlMappingNode _node;
    private readonly string _file;
    private readonly string _path;
    private readonly HashSet<string> _known = new();
    // Shared by a root and all its sections: required keys found absent, reported by RejectMissingKeys.
    private readonly List<string> _missing;

    private YamlSection(YamlMappingNode node, string file, string path, List<string> missing)
    {
        _node = node;
        _file = file;
        _path = path;
        _missing = missing;
    }

    /// <summary>Parses a YAML file whose root is a mapping.</summary>
    /// <exception cref="HeedInputException">missing file, malformed YAML (with line and column), or a non-mapping root</exception>
    public static YamlSection Load(string file)
    {
        if (!File.Exists(file)) throw new HeedInputException($"Config file '{file}' does not exist.");
        return Parse(File.ReadAllText(file), file);
    }

    /// <summary>Parses YAML text; <paramref name="file"/> is used in messages.</summary>
    public static YamlSection Parse(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            // The parser's own words for these two are cryptic ("Duplicate key x", "found a tab character that violate
            // indentation" at a later line); name the key's path or the tab's line instead.
            if (YamlDiagnosis.DuplicateKey(text) is { } duplicate)
                throw new HeedInputException(
                    $"{file}:{duplicate.Line}: key '{duplicate.Path}' is given twice (first on line {duplicate.FirstLine}); keep one.", e);
            if (YamlDiagnosis.TabIndentedLine(text) is int tabLine)
                throw new HeedInputException($"{file}:{tabLine}: a tab in the indentation; YAML allows only spaces there: indent with spaces.", e);
            throw new HeedInputException($"{file}:{e.Start.Line}:{e.Start.Column}: malformed YAML: {Innermost(e).Message}", e);
        }
        catch (InvalidOperationException e) // the scanner reports some errors without a position
        {
            throw new HeedInputException($"{file}: malformed YAML: {e.Message}", e);
        }
        bool empty = stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" };
        if (empty)
            throw new HeedInputException($"{file}: the config is empty; it needs the sections data:, model:, training: and decoding: (see configs/tiny_reverse.yaml).");
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new HeedInputException($"{file}: the config must be a YAML mapping of sections (data:, model:, training:, …).");
        return new YamlSection(root, file, "", []);
    }

    /// <summary>An empty mapping at <paramref name="path"/>: what an absent section reads as (and how a reader's keys
    /// are listed without a file).</summary>
    public static YamlSection Empty(string path, string file = "") => new(new YamlMappingNode(), file, path, []);

    /// <summary>The keys asked for so far (by any reader, present or not).</summary>
    public IReadOnlySet<string> KnownKeys => _known;

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

    private string KeyPath(string key) => _path.Length == 0 ? key : $"{_path}.{key}";

    private YamlNode? Find(string key)
    {
        _known.Add(key);
        return _node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    private HeedInputException Error(YamlNode node, string key, string problem) =>
        new($"{_file}:{node.Start.Line}: key '{KeyPath(key)}' {problem}");

    /// <summary>A nested mapping; an absent key gives an empty section.</summary>
    public YamlSection Section(string key)
    {
        var node = Find(key);
        if (node is null) return new YamlSection(new YamlMappingNode(), _file, KeyPath(key), _missing);
        if (node is YamlMappingNode map) return new YamlSection(map, _file, KeyPath(key), _missing);
        throw Error(node, key, "must be a mapping (indented keys below it).");
    }

    private string? Scalar(string key, out YamlNode? node)
    {
        node = Find(key);
        if (node is null) return null;
        if (node is YamlScalarNode scalar) return scalar.Value;
        throw Error(node, key, "must be a single value, not a list or mapping.");
    }

    /// <summary>A string, or <paramref name="fallback"/> when absent.</summary>
    public string String(string key, string fallback) => Scalar(key, out _) ?? fallback;

    /// <summary>A string that may be absent (null).</summary>
    public string? OptionalString(string key)
    {
        var value = Scalar(key, out _);
        return string.IsNullOrEmpty(value) || value == "null" || value == "~" ? null : value;
    }

    /// <summary>
    /// A string that must be given. When it is absent, "" is returned and the key is remembered, to be reported by
    /// <see cref="RejectMissingKeys"/>: called after every <see cref="RejectUnknownKeys"/>, that puts a misspelt key
    /// (the typo the user made) before the required key it was meant to be.
    /// </summary>
    public string Required(string key)
    {
        var value = OptionalString(key);
        if (value is null) _missing.Add(KeyPath(key));
        return value ?? "";
    }

    /// <summary>Throws for the required keys found absent in this config (in any of its sections), naming them all.</summary>
    public void RejectMissingKeys()
    {
        if (_missing.Count == 1) throw new HeedInputException($"{_file}: key '{_missing[0]}' is required.");
        if (_missing.Count > 1) throw new HeedInputException($"{_file}: keys {string.Join(", ", _missing.Select(k => $"'{k}'"))} are required.");
    }

    /// <summary>One of <paramref name="allowed"/> (case-insensitive), or the fallback when absent.</summary>
    public string Choice(string key, string fallback, params IReadOnlyList<string> allowed)
    {
        var value = Scalar(key, out var node);
        if (value is null) return fallback;
        var match = allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase));
        return match ?? throw Error(node!, key, $"is '{value}'; valid values: {string.Join(", ", allowed)}.");
    }

    /// <summary>An integer within [min, max], or the fallback when absent.</summary>
    public int Int(string key, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var value = Scalar(key, out var node);
        if (value is null) return fallback;
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed))
            throw Error(node!, key, $"must be a whole number; got '{value}'.");
        if (parsed < min || parsed > max) throw Error(node!, key, $"is {parsed}; it must be in [{min}, {max}].");
        return parsed;
    }

    /// <summary>A number within [min, max], or the fallback when absent.</summary>
    public double Double(string key, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        var value = Scalar(key, out var node);
        if (value is null) return fallback;
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) || !double.IsFinite(parsed))
            throw Error(node!, key, $"must be a number; got '{value}'.");
        if (parsed < min || parsed > max) throw Error(node!, key, $"is {parsed}; it must be in [{min}, {max}].");
        return parsed;
    }

    /// <summary>true/false, or the fallback when absent.</summary>
    public bool Bool(string key, bool fallback)
    {
        var value = Scalar(key, out var node);
        if (value is null) return fallback;
        return value.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Error(node!, key, $"must be true or false; got '{value}'."),
        };
    }

    /// <summary>Throws for any key of this mapping that no reader asked for, listing the valid keys.</summary>
    /// <param name="hint">says more about a key that is unknown here (e.g. that it belongs to another model kind), or
    /// returns null</param>
    public void RejectUnknownKeys(Func<string, string?>? hint = null)
    {
        foreach (var (keyNode, _) in _node.Children)
        {
            string key = keyNode is YamlScalarNode s ? s.Value ?? "" : keyNode.ToString();
            if (!_known.Contains(key))
            {
                string? more = hint?.Invoke(key);
                throw new HeedInputException(
                    $"{_file}:{keyNode.Start.Line}: unknown key '{KeyPath(key)}'{(more is null ? "" : $" ({more})")}. Valid keys{(_path.Length == 0 ? "" : $" in '{_path}'")}: {string.Join(", ", _known.Order())}.");
            }
        }
    }

    /// <summary>Declares <paramref name="keys"/> as this mapping's only keys and rejects any other at once: a typo
    /// is reported before anything is read (so it is not hidden behind a "required key missing" it caused).</summary>
    /// <param name="keys">the valid keys</param>
    /// <param name="hint">as for <see cref="RejectUnknownKeys"/></param>
    public void RejectKeysOtherThan(IEnumerable<string> keys, Func<string, string?>? hint = null)
    {
        foreach (var key in keys) _known.Add(key);
        RejectUnknownKeys(hint);
    }
}
