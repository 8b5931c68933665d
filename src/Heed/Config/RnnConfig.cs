using System.Globalization;
using System.Text;

namespace Heed.Config;

/// <summary><c>model.type: rnn</c> — the attention-based RNN encoder–decoder's shape: everything needed to rebuild it.</summary>
public sealed record RnnConfig(
    string Rnn, int EmbeddingSize, int HiddenSize, int EncoderLayers, int DecoderLayers,
    string Decoder, string Attention, int AttentionSize, double Dropout, bool TieEmbeddings, int MaxSourceLength) : ModelConfig
{
    public static readonly string[] Rnns = ["gru", "lstm"];
    public static readonly string[] Decoders = ["bahdanau", "luong"];
    public static readonly string[] Attentions = ["additive", "general", "dot", "scaled_dot", "cosine", "location"];

    public override string Type => "rnn";

    public override string Summary => $"{Rnn} {Decoder} decoder, {Attention} attention";

    internal static RnnConfig Read(YamlSection m) => new(
        Rnn: m.Choice("rnn", "gru", Rnns),
        EmbeddingSize: m.Int("embedding", 256, 1),
        HiddenSize: m.Int("hidden", 512, 1),
        EncoderLayers: m.Int("encoder_layers", 1, 1, 8),
        DecoderLayers: m.Int("decoder_layers", 1, 1, 8),
        Decoder: m.Choice("decoder", "bahdanau", Decoders),
        Attention: m.Choice("attention", "additive", Attentions),
        AttentionSize: m.Int("attention_hidden", 0, 0),
        Dropout: m.Double("dropout", 0.3, 0, 0.95),
        TieEmbeddings: m.Bool("tie_embeddings", false),
        MaxSourceLength: m.Int("max_source_length", 0, 0));

    internal override void WriteYaml(StringBuilder yaml)
    {
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        yaml.AppendLine($"  type: {Type}\n  rnn: {Rnn}\n  embedding: {EmbeddingSize}\n  hidden: {HiddenSize}\n  encoder_layers: {EncoderLayers}\n  decoder_layers: {DecoderLayers}");
        yaml.AppendLine($"  decoder: {Decoder}\n  attention: {Attention}\n  attention_hidden: {AttentionSize}\n  dropout: {F(Dropout)}\n  tie_embeddings: {(TieEmbeddings ? "true" : "false")}\n  max_source_length: {MaxSourceLength}");
    }
}
