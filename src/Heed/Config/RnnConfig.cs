using System.Globalization;
using System.Text;

namespace Heed.Config;

/// <summary><c>model.type: rnn</c> — the attention-based RNN encoder–decoder's shape: everything needed to rebuild it.</summary>
/// <param name="Attention">the mechanism: one of <see cref="Attentions"/></param>
/// <param name="Window">local-m / local-p: D, the window's half-width (the window holds 2D + 1 source positions)</param>
/// <param name="LocalScore">local-m / local-p: the score inside the window, one of <see cref="LocalScores"/></param>
/// <param name="AttentionMode">soft (weights over the source) or hard (one source position, sampled while training)</param>
public sealed record RnnConfig(
    string Rnn, int EmbeddingSize, int HiddenSize, int EncoderLayers, int DecoderLayers,
    string Decoder, string Attention, int AttentionSize, double Dropout, bool TieEmbeddings, int MaxSourceLength,
    int Window = RnnConfig.DefaultWindow, string LocalScore = RnnConfig.DefaultLocalScore, string AttentionMode = "soft") : ModelConfig
{
    public static readonly string[] Rnns = ["gru", "lstm"];
    public static readonly string[] Decoders = ["bahdanau", "luong"];

    /// <summary>The six global scores, then the two local mechanisms (which wrap one of <see cref="LocalScores"/>).</summary>
    public static readonly string[] Attentions = ["additive", "general", "dot", "scaled_dot", "cosine", "location", "local-m", "local-p"];

    /// <summary>The scores a local window can wrap: every global score.</summary>
    public static readonly string[] LocalScores = ["general", "additive", "dot", "scaled_dot", "cosine", "location"];

    public static readonly string[] AttentionModes = ["soft", "hard"];

    /// <summary>D = 10, the half-width Luong et al. 2015 used (§4.1).</summary>
    public const int DefaultWindow = 10;

    /// <summary>general: Luong et al. 2015's best local model (local-p with the general score, Table 4), and a score
    /// that works with any key size and keeps the model as small as the global general one.</summary>
    public const string DefaultLocalScore = "general";

    /// <summary>The largest window accepted: wider than any sentence Heed trains on (data.max_length ≤ a few hundred),
    /// where local attention is global attention with extra work.</summary>
    public const int MaxWindow = 1000;

    public override string Type => "rnn";

    /// <summary>Whether <see cref="Attention"/> is local-m or local-p.</summary>
    public bool IsLocal => Attention is "local-m" or "local-p";

    /// <summary>The score the mechanism computes: <see cref="LocalScore"/> inside a local window, else the attention itself.</summary>
    public string Score => IsLocal ? LocalScore : Attention;

    public override string Summary =>
        $"{Rnn} {Decoder} decoder, {(IsLocal ? $"{Attention} ({LocalScore} score, D = {Window})" : Attention)}{(AttentionMode == "hard" ? " hard" : "")} attention";

    internal static RnnConfig Read(YamlSection m)
    {
        string attention = m.Choice("attention", "additive", Attentions);
        bool local = attention is "local-m" or "local-p";
        // local-p's Gaussian has σ = D/2, which must be positive; local-m's D = 0 is a window of the one position t.
        int window = m.Int("window", -1, attention == "local-p" ? 1 : 0, MaxWindow);
        string localScore = m.Choice("local_score", "", LocalScores);
        // A local key on a global mechanism would be silently ignored: say so instead.
        if (!local && window >= 0)
            throw new HeedInputException($"key 'model.window' applies only to model.attention local-m or local-p (the window's half-width D); this model's attention is {attention}. Remove it, or choose attention: local-m or local-p.");
        if (!local && localScore.Length > 0)
            throw new HeedInputException($"key 'model.local_score' applies only to model.attention local-m or local-p (the score inside the window; valid values: {string.Join(", ", LocalScores)}); this model's attention is {attention}.");
        return new(
            Rnn: m.Choice("rnn", "gru", Rnns),
            EmbeddingSize: m.Int("embedding", 256, 1),
            HiddenSize: m.Int("hidden", 512, 1),
            EncoderLayers: m.Int("encoder_layers", 1, 1, 8),
            DecoderLayers: m.Int("decoder_layers", 1, 1, 8),
            Decoder: m.Choice("decoder", "bahdanau", Decoders),
            Attention: attention,
            AttentionSize: m.Int("attention_hidden", 0, 0),
            Dropout: m.Double("dropout", 0.3, 0, 0.95),
            TieEmbeddings: m.Bool("tie_embeddings", false),
            MaxSourceLength: m.Int("max_source_length", 0, 0),
            Window: window >= 0 ? window : DefaultWindow,
            LocalScore: localScore.Length > 0 ? localScore : DefaultLocalScore,
            AttentionMode: m.Choice("attention_mode", "soft", AttentionModes));
    }

    internal override void WriteYaml(StringBuilder yaml)
    {
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        yaml.AppendLine($"  type: {Type}\n  rnn: {Rnn}\n  embedding: {EmbeddingSize}\n  hidden: {HiddenSize}\n  encoder_layers: {EncoderLayers}\n  decoder_layers: {DecoderLayers}");
        yaml.AppendLine($"  decoder: {Decoder}\n  attention: {Attention}\n  attention_hidden: {AttentionSize}\n  dropout: {F(Dropout)}\n  tie_embeddings: {(TieEmbeddings ? "true" : "false")}\n  max_source_length: {MaxSourceLength}");
        // Only where they mean something: Read refuses them on a global mechanism.
        if (IsLocal) yaml.AppendLine($"  window: {Window}\n  local_score: {LocalScore}");
        yaml.AppendLine($"  attention_mode: {AttentionMode}");
    }
}
