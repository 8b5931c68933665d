using System.Globalization;
using System.Text;

namespace Heed.Config;

/// <summary><c>model.type: transformer</c> — the Transformer encoder–decoder's shape (Vaswani et al. 2017): one
/// immutable record, as the model reads it. YAML keys: <c>layers</c> (both stacks; <c>encoder_layers</c> and
/// <c>decoder_layers</c> override it), <c>d_model</c>, <c>heads</c>, <c>ff</c>, <c>dropout</c>, <c>attention_dropout</c>,
/// <c>norm</c>, <c>positions</c>, <c>max_positions</c>, <c>activation</c>, <c>tie_embeddings</c>, <c>share_embeddings</c>.</summary>
/// <param name="EncoderLayers">encoder layers (N = 6 in the paper)</param>
/// <param name="DecoderLayers">decoder layers</param>
/// <param name="ModelDim">d_model, a multiple of <paramref name="Heads"/></param>
/// <param name="Heads">attention heads h</param>
/// <param name="FeedForward">d_ff, the inner size of each position-wise feed-forward block</param>
/// <param name="Dropout">dropout on the embeddings, on every sublayer's output and inside the feed-forward block</param>
/// <param name="AttentionDropout">dropout on the attention weights</param>
/// <param name="Norm">"pre" (LayerNorm before each sublayer, and a final LayerNorm on each stack) or "post" (the paper's
/// LayerNorm(x + sublayer(x)))</param>
/// <param name="Positions">"sinusoidal" (the paper's fixed table) or "learned" (a trained table)</param>
/// <param name="MaxPositions">learned: the table's size; sinusoidal: the longest position allowed</param>
/// <param name="Activation">"relu" or "gelu" inside the feed-forward block</param>
/// <param name="TieEmbeddings">the output projection's weight is the target embedding matrix (Press &amp; Wolf 2017)</param>
/// <param name="ShareEmbeddings">one embedding matrix for source and target (the caller guarantees a joint vocabulary
/// of equal size)</param>
public sealed record TransformerConfig(
    int EncoderLayers, int DecoderLayers, int ModelDim, int Heads, int FeedForward,
    double Dropout, double AttentionDropout,
    string Norm, string Positions, int MaxPositions, string Activation,
    bool TieEmbeddings, bool ShareEmbeddings) : ModelConfig
{
    /// <inheritdoc/>
    public override string Type => "transformer";

    /// <inheritdoc/>
    public override string Summary =>
        $"{EncoderLayers}+{DecoderLayers} layers, d_model {ModelDim}, {Heads} heads, ff {FeedForward}, {Norm}-norm, {Positions} positions, {Activation}";

    internal static TransformerConfig Read(YamlSection m)
    {
        int layers = m.Int("layers", 3, 1, 48);
        return new TransformerConfig(
            EncoderLayers: m.Int("encoder_layers", layers, 1, 48),
            DecoderLayers: m.Int("decoder_layers", layers, 1, 48),
            ModelDim: m.Int("d_model", 256, 1, 16384),
            Heads: m.Int("heads", 4, 1, 256),
            FeedForward: m.Int("ff", 1024, 1, 65536),
            Dropout: m.Double("dropout", 0.1, 0, 0.95),
            AttentionDropout: m.Double("attention_dropout", 0.0, 0, 0.95),
            Norm: m.Choice("norm", "pre", Norms),
            Positions: m.Choice("positions", "sinusoidal", Positionses),
            MaxPositions: m.Int("max_positions", 256, 1, 100_000),
            Activation: m.Choice("activation", "relu", Activations),
            TieEmbeddings: m.Bool("tie_embeddings", false),
            ShareEmbeddings: m.Bool("share_embeddings", false));
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
    public static readonly string[] Norms = ["pre", "post"];

    /// <summary>The values <see cref="Positions"/> may take.</summary>
    public static readonly string[] Positionses = ["sinusoidal", "learned"];

    /// <summary>The values <see cref="Activation"/> may take.</summary>
    public static readonly string[] Activations = ["relu", "gelu"];
}
