using System.Globalization;
using System.Text;

namespace Heed.Config;

/// <summary><c>model.type: transformer</c> — the Transformer encoder–decoder's shape (Vaswani et al. 2017): one
/// immutable record, as the model reads it. YAML keys: <c>layers</c> (both stacks; <c>encoder_layers</c> and
/// <c>decoder_layers</c> override it), <c>d_model</c>, <c>heads</c>, <c>ff</c>, <c>dropout</c>, <c>attention_dropout</c>,
/// <c>norm</c>, <c>positions</c>, <c>max_positions</c>, <c>activation</c>, <c>tie_embeddings</c>, <c>share_embeddings</c>.</summary>
/// <remarks>Each default is the value the YAML loader uses for an absent key, so <c>new TransformerConfig()</c> is the
/// model a <c>model</c> section with only <c>type: transformer</c> describes.</remarks>
/// <param name="EncoderLayers">encoder layers, 1 to 48 (N = 6 in the paper)</param>
/// <param name="DecoderLayers">decoder layers, 1 to 48</param>
/// <param name="ModelDim">d_model, the width of every token's vector between sublayers: a multiple of
/// <paramref name="Heads"/>, up to 16384</param>
/// <param name="Heads">attention heads h, 1 to 256; each attends over d_model / h dimensions</param>
/// <param name="FeedForward">d_ff, the inner size of each position-wise feed-forward block, up to 65536</param>
/// <param name="Dropout">dropout on the embeddings, on every sublayer's output and inside the feed-forward block, 0 to
/// 0.95</param>
/// <param name="AttentionDropout">dropout on the attention weights, 0 to 0.95</param>
/// <param name="Norm">"pre" (LayerNorm before each sublayer, and a final LayerNorm on each stack) or "post" (the paper's
/// LayerNorm(x + sublayer(x)))</param>
/// <param name="Positions">"sinusoidal" (the paper's fixed table) or "learned" (a trained table)</param>
/// <param name="MaxPositions">learned: the table's size; sinusoidal: the longest position allowed (1 to 100,000; at
/// least the data's <c>max_length</c> + 1)</param>
/// <param name="Activation">"relu" or "gelu" inside the feed-forward block</param>
/// <param name="TieEmbeddings">the output projection's weight is the target embedding matrix (Press &amp; Wolf 2017)</param>
/// <param name="ShareEmbeddings">one embedding matrix for source and target (the caller guarantees a joint vocabulary
/// of equal size)</param>
public sealed record TransformerConfig(
    int EncoderLayers = TransformerConfig.DefaultLayers, int DecoderLayers = TransformerConfig.DefaultLayers,
    int ModelDim = 256, int Heads = 4, int FeedForward = 1024,
    double Dropout = 0.1, double AttentionDropout = 0.0,
    string Norm = "pre", string Positions = "sinusoidal", int MaxPositions = 256, string Activation = "relu",
    bool TieEmbeddings = false, bool ShareEmbeddings = false) : ModelConfig
{
    /// <summary>The YAML key <c>layers</c> sets both stacks' depth; this is its default, and each stack's.</summary>
    private const int DefaultLayers = 3;

    /// <inheritdoc/>
    public override string Type => "transformer";

    /// <inheritdoc/>
    public override string Summary =>
        $"{EncoderLayers}+{DecoderLayers} layers, d_model {ModelDim}, {Heads} heads, ff {FeedForward}, {Norm}-norm, {Positions} positions, {Activation}";

    internal static TransformerConfig Read(YamlSection m)
    {
        // Each fallback is the record's own default, so the YAML loader and code that builds the record agree.
        var defaults = new TransformerConfig();
        int layers = m.Int("layers", DefaultLayers, 1, 48);
        return defaults with
        {
            EncoderLayers = m.Int("encoder_layers", layers, 1, 48),
            DecoderLayers = m.Int("decoder_layers", layers, 1, 48),
            ModelDim = m.Int("d_model", defaults.ModelDim, 1, 16384),
            Heads = m.Int("heads", defaults.Heads, 1, 256),
            FeedForward = m.Int("ff", defaults.FeedForward, 1, 65536),
            Dropout = m.Double("dropout", defaults.Dropout, 0, 0.95),
            AttentionDropout = m.Double("attention_dropout", defaults.AttentionDropout, 0, 0.95),
            Norm = m.Choice("norm", defaults.Norm, Norms),
            Positions = m.Choice("positions", defaults.Positions, Positionses),
            MaxPositions = m.Int("max_positions", defaults.MaxPositions, 1, 100_000),
            Activation = m.Choice("activation", defaults.Activation, Activations),
            TieEmbeddings = m.Bool("tie_embeddings", defaults.TieEmbeddings),
            ShareEmbeddings = m.Bool("share_embeddings", defaults.ShareEmbeddings),
        };
    }

    internal override void WriteYaml(StringBuilder yaml)
    {
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        string B(bool b) => b ? "true" : "false";
        yaml.AppendLine($"  type: {Type}\n  encoder_layers: {EncoderLayers}\n  decoder_layers: {DecoderLayers}\n  d_model: {ModelDim}\n  heads: {Heads}\n  ff: {FeedForward}");
        yaml.AppendLine($"  dropout: {F(Dropout)}\n  attention_dropout: {F(AttentionDropout)}\n  norm: {Norm}\n  positions: {Positions}\n  max_positions: {MaxPositions}\n  activation: {Activation}");
        yaml.AppendLine($"  tie_embeddings: {B(TieEmbeddings)}\n  share_embeddings: {B(ShareEmbeddings)}");
    }

    /// <summary>The values <see cref="Norm"/> may take.</summary>
    public static readonly IReadOnlyList<string> Norms = ["pre", "post"];

    /// <summary>The values <see cref="Positions"/> may take.</summary>
    public static readonly IReadOnlyList<string> Positionses = ["sinusoidal", "learned"];

    /// <summary>The values <see cref="Activation"/> may take.</summary>
    public static readonly IReadOnlyList<string> Activations = ["relu", "gelu"];
}
