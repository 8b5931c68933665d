using Heed.Data;
using Heed.Models;
using Heed.Translation;

namespace Heed.Viz;

/// <summary>
/// Everything a model can show of one translation: the search's alignment for a model with one attention (an RNN),
/// or every layer's and head's cross-attention — and, when asked, the encoder's and decoder's self-attention — for a
/// model that has layers of heads (a Transformer), teacher-forced on the translation search found.
/// </summary>
public static class TranslationFigure
{
    /// <param name="model">the model that translated</param>
    /// <param name="source">its source side (to turn the translation's tokens back into ids)</param>
    /// <param name="target">its target side</param>
    /// <param name="translation">what search produced</param>
    /// <param name="sentence">the source as the user wrote it (the caption)</param>
    /// <param name="self">also the encoder's and decoder's self-attention</param>
    public static AttentionFigure Of(Seq2SeqModel model, TextSide source, TextSide target, Translation.Translation translation,
        string sentence, bool self = false)
    {
        var alignment = TranslationAlignment.Matrix(translation, sentence);
        var sourceTokens = translation.SourceTokens;   // ends in EOS
        var outputTokens = translation.OutputTokens;   // ends in EOS when the model produced it
        // Decoder inputs: BOS, then every output token but the last (position t predicts output token t).
        var inputTokens = new[] { Vocabulary.BosToken }.Concat(outputTokens.Take(outputTokens.Length - 1)).ToArray();
        var maps = outputTokens.Length == 0 ? null : model.LayeredAttention(
            source.Vocabulary.Encode(sourceTokens[..^1], addBos: false, addEos: true),
            [model.BosId, .. target.Vocabulary.Encode(outputTokens[..^1], addBos: false, addEos: false)]);
        if (maps is null) return AttentionFigure.Single(alignment);
        var views = AttentionMaps.Views(AttentionKind.Cross, sourceTokens, outputTokens, maps.Cross).ToList();
        if (self)
        {
            views.AddRange(AttentionMaps.Views(AttentionKind.EncoderSelf, sourceTokens, sourceTokens, maps.EncoderSelf));
            views.AddRange(AttentionMaps.Views(AttentionKind.DecoderSelf, inputTokens, inputTokens, maps.DecoderSelf));
        }
        return new AttentionFigure(alignment.Title, views);
    }
}
