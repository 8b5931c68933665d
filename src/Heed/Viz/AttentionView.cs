namespace Heed.Viz;

/// <summary>
/// One attention map of one sentence pair, as the HTML explorer offers it for selection: its kind, its layer, its
/// head (or the average over heads) and the weights, whose <see cref="AlignmentMatrix.OutputTokens"/> label the rows
/// and <see cref="AlignmentMatrix.SourceTokens"/> the columns (for self-attention both are the same sentence).
/// </summary>
public sealed record AttentionView
{
    /// <summary>Creates a view.</summary>
    /// <param name="kind">Cross-attention, encoder self-attention or decoder self-attention.</param>
    /// <param name="layer">Layer index from 0 (shown to readers as layer 1, 2, …).</param>
    /// <param name="head">Head index from 0 (shown as head 1, 2, …), or null for the average over the layer's heads.
    /// A model with one attention (an RNN's) uses layer 0 and head null.</param>
    /// <param name="matrix">The weights, rows × columns.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layer"/> or <paramref name="head"/> is negative,
    /// or <paramref name="kind"/> is not a defined kind.</exception>
    public AttentionView(AttentionKind kind, int layer, int? head, AlignmentMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (!Enum.IsDefined(kind)) throw new ArgumentOutOfRangeException(nameof(kind), $"attention kind {(int)kind} is not defined.");
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        if (head < 0) throw new ArgumentOutOfRangeException(nameof(head), $"head {head} is negative; use null for the average over heads.");
        (Kind, Layer, Head, Matrix) = (kind, layer, head, matrix);
    }

    /// <summary>Which attention this is.</summary>
    public AttentionKind Kind { get; }

    /// <summary>Layer index from 0.</summary>
    public int Layer { get; }

    /// <summary>Head index from 0, or null for the average over heads.</summary>
    public int? Head { get; }

    /// <summary>The weights with their row and column tokens.</summary>
    public AlignmentMatrix Matrix { get; }

    /// <summary>A reader's name for the view, e.g. "cross-attention, layer 2, head 3" or "…, average of heads".</summary>
    public string Describe() =>
        $"{KindName(Kind)}, layer {Layer + 1}, {(Head is int h ? $"head {h + 1}" : "average of heads")}";

    /// <summary>Reader's name of a kind: "cross-attention", "encoder self-attention", "decoder self-attention".</summary>
    public static string KindName(AttentionKind kind) => kind switch
    {
        AttentionKind.Cross => "cross-attention",
        AttentionKind.EncoderSelf => "encoder self-attention",
        AttentionKind.DecoderSelf => "decoder self-attention",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
