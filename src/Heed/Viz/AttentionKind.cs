namespace Heed.Viz;

/// <summary>Which attention of an encoder–decoder model a matrix shows; it fixes what the rows and columns are.</summary>
public enum AttentionKind
{
    /// <summary>Decoder over encoder (the alignment): rows are output tokens, columns source tokens.</summary>
    Cross,

    /// <summary>Encoder self-attention: rows and columns are both the source tokens.</summary>
    EncoderSelf,

    /// <summary>Decoder self-attention: rows and columns are both the output tokens (decoder inputs).</summary>
    DecoderSelf,
}
