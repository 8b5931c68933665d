using System.Globalization;
using System.Text;

namespace Heed.Config;

/// <summary><c>model.type: rnn</c> — the attention-based RNN encoder–decoder's shape: everything needed to rebuild it.
/// Each default is the value the YAML loader uses for an absent key, so <c>new RnnConfig()</c> is the model a
/// <c>model</c> section with no keys describes.</summary>
/// <param name="Rnn">the recurrent cell of encoder and decoder (<c>rnn</c>): one of <see cref="Rnns"/></param>
/// <param name="EmbeddingSize">the size of each token's embedding vector, source and target (at least 1;
/// <c>embedding</c>)</param>
/// <param name="HiddenSize">the hidden state size of the decoder and of each direction of the bidirectional encoder,
/// whose annotations are twice this size (at least 1; <c>hidden</c>)</param>
/// <param name="EncoderLayers">stacked encoder layers, 1 to 8 (<c>encoder_layers</c>)</param>
/// <param name="DecoderLayers">stacked decoder layers, 1 to 8 (<c>decoder_layers</c>)</param>
/// <param name="Decoder">where attention sits (<c>decoder</c>): bahdanau (attends before the cell step, from the
/// previous state) or luong (after it, from the new state, with input feeding); one of <see cref="Decoders"/></param>
/// <param name="Attention">the mechanism: one of <see cref="Attentions"/></param>
/// <param name="AttentionSize">the hidden size of the additive score (<c>attention_hidden</c>); 0 for the decoder's
/// hidden size</param>
/// <param name="Dropout">the probability of zeroing each embedding and hidden-output unit while training, 0 to 0.95
/// (<c>dropout</c>)</param>
/// <param name="TieEmbeddings">the output layer's weight is the target embedding matrix (Press &amp; Wolf 2017;
/// <c>tie_embeddings</c>)</param>
/// <param name="MaxSourceLength">the longest source (in tokens, EOS included) the location score accepts, which
/// sizes its weights (<c>max_source_length</c>); 0 for 128. The other scores ignore it</param>
/// <param name="Window">local-m / local-p: D, the window's half-width (the window holds 2D + 1 source positions)</param>
/// <param name="LocalScore">local-m / local-p: the score inside the window, one of <see cref="LocalScores"/></param>
/// <param name="AttentionMode">soft (weights over the source) or hard (one source position, sampled while training)</param>
public sealed record RnnConfig(
    string Rnn = "gru", int EmbeddingSize = 256, int HiddenSize = 512, int EncoderLayers = 1, int DecoderLayers = 1,
    string Decoder = "bahdanau", string Attention = "additive", int AttentionSize = 0, double Dropout = 0.3,
    bool TieEmbeddings = false, int MaxSourceLength = 0,
    int Window = RnnConfig.DefaultWindow, string LocalScore = RnnConfig.DefaultLocalScore, string AttentionMode = "soft") : ModelConfig
{
    /// <summary>The values <see cref="Rnn"/> may take.</summary>
    public static readonly IReadOnlyList<string> Rnns = ["gru", "lstm"];

    /// <summary>The values <see cref="Decoder"/> may take.</summary>
    public static readonly IReadOnlyList<string> Decoders = ["bahdanau", "luong"];

    /// <summary>The six global scores, then the two local mechanisms (which wrap one of <see cref="LocalScores"/>).</summary>
    public static readonly IReadOnlyList<string> Attentions = ["additive", "general", "dot", "scaled_dot", "cosine", "location", "local-m", "local-p"];

    /// <summary>The scores a local window can wrap: every global score.</summary>
    public static readonly IReadOnlyList<string> LocalScores = ["general", "additive", "dot", "scaled_dot", "cosine", "location"];

    /// <summary>The values <see cref="AttentionMode"/> may take.</summary>
    public static readonly IReadOnlyList<string> AttentionModes = ["soft", "hard"];

    /// <summary>D = 10, the half-width Luong et al. 2015 used (§4.1).</summary>
    public const int DefaultWindow = 10;

    /// <summary>general: Luong et al. 2015's best local model (local-p with the general score, Table 4), and a score
    /// that works with any key size and keeps the model as small as the global general one.</summary>
    public const string DefaultLocalScore = "general";

    /// <summary>The largest window accepted: wider than any sentence Heed trains on (data.max_length ≤ a few hundred),
    /// where local attention is global attention with extra work.</summary>
    public const int MaxWindow = 1000;

    /// <inheritdoc/>
    public override string Type => "rnn";

    /// <summary>Whether <see cref="Attention"/> is local-m or local-p.</summary>
    public bool IsLocal => Attention is "local-m" or "local-p";

    /// <summary>The score the mechanism computes: <see cref="LocalScore"/> inside a local window, else the attention itself.</summary>
    public string Score => IsLocal ? LocalScore : Attention;

    /// <inheritdoc/>
    public override string Summary =>
        $"{Rnn} {Decoder} decoder, {(IsLocal ? $"{Attention} ({LocalScore} score, D = {Window})" : Attention)}{(AttentionMode == "hard" ? " hard" : "")} attention";

    internal static RnnConfig Read(YamlSection m)
    {
        // Each fallback is the record's own default, so the YAML loader and code that builds the record agree.
        var defaults = new RnnConfig();
        string attention = m.Choice("attention", defaults.Attention, Attentions);
        bool local = attention is "local-m" or "local-p";
        // local-p's Gaussian has σ = D/2, which must be positive; local-m's D = 0 is a window of the one position t.
        int window = m.Int("window", -1, attention == "local-p" ? 1 : 0, MaxWindow);
        string localScore = m.Choice("local_score", "", LocalScores);
        // A local key on a global mechanism would be silently ignored: say so instead.
        if (!local && window >= 0)
            throw new HeedInputException($"key 'model.window' applies only to model.attention local-m or local-p (the window's half-width D); this model's attention is {attention}. Remove it, or choose attention: local-m or local-p.");
        if (!local && localScore.Length > 0)
            throw new HeedInputException($"key 'model.local_score' applies only to model.attention local-m or local-p (the score inside the window; valid values: {string.Join(", ", LocalScores)}); this model's attention is {attention}.");
        return defaults with
        {
            Rnn = m.Choice("rnn", defaults.Rnn, Rnns),
            EmbeddingSize = m.Int("embedding", defaults.EmbeddingSize, 1),
            HiddenSize = m.Int("hidden", defaults.HiddenSize, 1),
            EncoderLayers = m.Int("encoder_layers", defaults.EncoderLayers, 1, 8),
            DecoderLayers = m.Int("decoder_layers", defaults.DecoderLayers, 1, 8),
            Decoder = m.Choice("decoder", defaults.Decoder, Decoders),
            Attention = attention,
            AttentionSize = m.Int("attention_hidden", defaults.AttentionSize, 0),
            Dropout = m.Double("dropout", defaults.Dropout, 0, 0.95),
            TieEmbeddings = m.Bool("tie_embeddings", defaults.TieEmbeddings),
            MaxSourceLength = m.Int("max_source_length", defaults.MaxSourceLength, 0),
            Window = window >= 0 ? window : defaults.Window,
            LocalScore = localScore.Length > 0 ? localScore : defaults.LocalScore,
            AttentionMode = m.Choice("attention_mode", defaults.AttentionMode, AttentionModes),
        };
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
