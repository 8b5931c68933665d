namespace Heed.Viz;

/// <summary>
/// Everything the HTML explorer shows for one sentence pair: one or more <see cref="AttentionView"/>s, between which
/// the reader switches by kind, layer and head. A figure with a single view is drawn as a plain alignment picture.
/// </summary>
public sealed class AttentionFigure
{
    /// <summary>Creates a figure.</summary>
    /// <param name="title">Caption drawn above the picture (e.g. "source → output"); null for none.</param>
    /// <param name="views">The maps, in any order.</param>
    /// <exception cref="ArgumentException">There is no view, two views have the same kind, layer and head, or two views
    /// of one kind have different row or column tokens (the message names both views).</exception>
    public AttentionFigure(string? title, IEnumerable<AttentionView> views)
    {
        ArgumentNullException.ThrowIfNull(views);
        var list = views.ToList();
        if (list.Count == 0) throw new ArgumentException("An attention figure needs at least one view.", nameof(views));
        var seen = new Dictionary<(AttentionKind, int, int?), AttentionView>();
        var shapeOf = new Dictionary<AttentionKind, AttentionView>();
        for (int i = 0; i < list.Count; i++)
        {
            var v = list[i] ?? throw new ArgumentException($"views[{i}] is null.", nameof(views));
            if (!seen.TryAdd((v.Kind, v.Layer, v.Head), v))
                throw new ArgumentException($"Two views are {v.Describe()}.", nameof(views));
            if (shapeOf.TryGetValue(v.Kind, out var first) &&
                !(first.Matrix.SourceTokens.SequenceEqual(v.Matrix.SourceTokens) && first.Matrix.OutputTokens.SequenceEqual(v.Matrix.OutputTokens)))
                throw new ArgumentException(
                    $"{v.Describe()} has {v.Matrix.Rows}x{v.Matrix.Columns} tokens unlike {first.Describe()} ({first.Matrix.Rows}x{first.Matrix.Columns} or other tokens); " +
                    "all views of one kind must label rows and columns alike.", nameof(views));
            shapeOf.TryAdd(v.Kind, v);
        }
        Title = title;
        Views = list;
    }

    /// <summary>A figure of one matrix (an RNN's single attention), captioned with the matrix's own title.</summary>
    public static AttentionFigure Single(AlignmentMatrix matrix) =>
        new(matrix.Title, [new AttentionView(AttentionKind.Cross, 0, null, matrix)]);

    /// <summary>Caption drawn above the picture, or null.</summary>
    public string? Title { get; }

    /// <summary>The views, in the order given.</summary>
    public IReadOnlyList<AttentionView> Views { get; }

    /// <summary>
    /// The view shown first: cross-attention when present (else the first kind given), in its last layer, the
    /// average of heads when present (else the lowest head): the map closest to a word alignment.
    /// </summary>
    public AttentionView Initial => InitialOf(Views.Any(v => v.Kind == AttentionKind.Cross) ? AttentionKind.Cross : Views[0].Kind);

    /// <summary>The view first shown for <paramref name="kind"/>, chosen as <see cref="Initial"/> is.</summary>
    internal AttentionView InitialOf(AttentionKind kind) =>
        Views.Where(v => v.Kind == kind).OrderByDescending(v => v.Layer).ThenBy(v => v.Head ?? -1).First();

    /// <summary>The kinds present, in the order first given.</summary>
    internal IReadOnlyList<AttentionKind> Kinds => Views.Select(v => v.Kind).Distinct().ToList();
}
