namespace Heed.Models.Transformer;

/// <summary>Every layer's and head's attention weights for one (source, output) pair, for pictures.</summary>
/// <param name="Cross">[layer][head][t][s]: decoder position t (fed token t, predicting t + 1) over source position s</param>
/// <param name="EncoderSelf">[layer][head][s][s′]</param>
/// <param name="DecoderSelf">[layer][head][t][t′] (zero for t′ &gt; t)</param>
public sealed record TransformerAttentionMaps(
    float[][][][] Cross,
    float[][][][] EncoderSelf,
    float[][][][] DecoderSelf);
