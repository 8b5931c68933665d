using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Heed.Config;

/// <summary>
/// Second looks at YAML text the parser refused, to say what a user can fix: which key path is given twice (and where
/// first), which line has a tab in its indentation. Called only after a parse error, so it may be slow and lenient.
/// </summary>
internal static class YamlDiagnosis
{
    /// <summary>A key given twice in one mapping: its dotted path and both 1-based lines.</summary>
    public sealed record Duplicate(string Path, long FirstLine, long Line);

    /// <summary>The first duplicated key, found by walking the parser's events up to the error; null when there is none.</summary>
    public static Duplicate? DuplicateKey(string text)
    {
        var stack = new Stack<Frame>();
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                var top = stack.Count > 0 ? stack.Peek() : null;
                switch (parser.Current)
                {
                    case Scalar scalar when top is { IsMapping: true, ExpectingKey: true }:
                        if (top.Keys.TryGetValue(scalar.Value, out long first))
                            return new Duplicate(top.Child(scalar.Value), first, scalar.Start.Line);
                        top.Keys[scalar.Value] = scalar.Start.Line;
                        top.PendingKey = scalar.Value;
                        top.ExpectingKey = false;
                        break;
                    case Scalar or AnchorAlias:
                        if (top is { IsMapping: true }) top.ExpectingKey = true;
                        break;
                    case MappingStart or SequenceStart:
                        string path = top is { IsMapping: true } ? top.Child(top.PendingKey ?? "?") : top?.Path ?? "";
                        stack.Push(new Frame(parser.Current is MappingStart, path));
                        break;
                    case MappingEnd or SequenceEnd:
                        stack.Pop();
                        if (stack.Count > 0 && stack.Peek().IsMapping) stack.Peek().ExpectingKey = true;
                        break;
                }
            }
        }
        catch (YamlException) { } // the refused part: nothing duplicated before it
        return null;
    }

    /// <summary>The first line (1-based) whose indentation holds a tab, which YAML forbids; null when there is none.</summary>
    public static int? TabIndentedLine(string text)
    {
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string indentation = lines[i][..(lines[i].Length - lines[i].TrimStart(' ', '\t').Length)];
            if (indentation.Contains('\t')) return i + 1;
        }
        return null;
    }

    private sealed class Frame(bool isMapping, string path)
    {
        public bool IsMapping { get; } = isMapping;
        public string Path { get; } = path;
        public Dictionary<string, long> Keys { get; } = [];
        public bool ExpectingKey { get; set; } = true;
        public string? PendingKey { get; set; }

        public string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";
    }
}
