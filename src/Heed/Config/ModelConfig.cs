using System.Text;

namespace Heed.Config;

/// <summary>
/// The <c>model</c> section: which kind of network (<c>model.type</c>) and its shape. Each kind has its own record
/// with its own keys (<see cref="RnnConfig"/>, …); a key of another kind is an error that says which kind it
/// belongs to, so a config cannot silently mix two.
/// </summary>
public abstract record ModelConfig
{
    /// <summary>The values of <c>model.type</c>; the first is the default, so configs written before the key existed
    /// keep meaning what they meant.</summary>
    public static IReadOnlyList<string> Types => Kinds.Select(k => k.Type).ToArray();

    /// <summary>This config's <c>model.type</c>.</summary>
    public abstract string Type { get; }

    /// <summary>A short description for logs ("gru bahdanau decoder, additive attention").</summary>
    public abstract string Summary { get; }

    /// <summary>The section's keys below <c>model:</c> as YAML lines that <see cref="Parse"/> reads back to an equal record.</summary>
    internal abstract void WriteYaml(StringBuilder yaml);

    private sealed record Kind(string Type, Func<YamlSection, ModelConfig> Read);

    // One entry per model kind: its type name and the reader of its keys.
    private static readonly Kind[] Kinds =
    [
        new("rnn", RnnConfig.Read),
        new("transformer", TransformerConfig.Read),
    ];

    /// <summary>Reads the <c>model</c> section: <c>type</c> first, then that kind's keys; unknown keys are reported
    /// before any value is checked, and a key of another kind names the kind it belongs to.</summary>
    internal static ModelConfig Parse(YamlSection section)
    {
        string type = section.Choice("type", Kinds[0].Type, [.. Types]);
        var kind = Kinds.First(k => k.Type == type);
        section.RejectKeysOtherThan(KeysOf(kind), key =>
        {
            var owner = Kinds.FirstOrDefault(k => k.Type != type && KeysOf(k).Contains(key));
            return owner is null ? null : $"it is a key of model.type {owner.Type}, and this model's type is {type}";
        });
        return kind.Read(section);
    }

    /// <summary>The keys a kind's reader asks for (read off an empty section, so it cannot drift from the reader).</summary>
    private static IReadOnlySet<string> KeysOf(Kind kind)
    {
        var empty = YamlSection.Empty("model");
        kind.Read(empty);
        return empty.KnownKeys;
    }
}
