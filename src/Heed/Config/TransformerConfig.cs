namespace Heed.Config;

/// <summary>The Transformer encoder–decoder's shape (Vaswani et al. 2017): one immutable record, as the model reads it.</summary>
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
    bool TieEmbeddings, bool ShareEmbeddings)
{
    /// <summary>The values <see cref="Norm"/> may take.</summary>
    public static readonly string[] Norms = ["pre", "post"];

    /// <summary>The values <see cref="Positions"/> may take.</summary>
    public static readonly string[] Positionses = ["sinusoidal", "learned"];

    /// <summary>The values <see cref="Activation"/> may take.</summary>
    public static readonly string[] Activations = ["relu", "gelu"];
}
