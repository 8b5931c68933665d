namespace Heed.Viz;

/// <summary>Turns a translation's attention into an <see cref="AlignmentMatrix"/> ready to draw.</summary>
public static class TranslationAlignment
{
    /// <summary>
    /// Rows are the output tokens (ending in &lt;/s&gt; when the model produced it), columns the source tokens as the
    /// model read them (ending in &lt;/s&gt;); the title is "source → output" unless <paramref name="title"/> is given.
    /// </summary>
    /// <exception cref="ArgumentException">the translation's attention does not match its token counts</exception>
    public static AlignmentMatrix Matrix(Translation.Translation translation, string source, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(translation);
        return new AlignmentMatrix(translation.SourceTokens, translation.OutputTokens, translation.Attention,
            title ?? $"{source} \u2192 {translation.Text}");
    }
}
