using System.Numerics.Tensors;
using Heed.Data;
using Heed.Decoding;
using Heed.Models;

namespace Heed.Translation;

/// <summary>One translated sentence with the alignment behind it.</summary>
/// <param name="Text">the detokenised translation</param>
/// <param name="SourceTokens">the source as the model read it (ending in EOS)</param>
/// <param name="OutputTokens">the output tokens (ending in EOS when the model produced it)</param>
/// <param name="Attention">[output token][source token] weights</param>
/// <param name="Score">search score of the best hypothesis</param>
/// <param name="NBest">the n best (text, score), best first</param>
public sealed record Translation(string Text, string[] SourceTokens, string[] OutputTokens, float[][] Attention, double Score,
    IReadOnlyList<(string Text, double Score)> NBest);

/// <summary>Text in, text out: tokenises, batches by length, searches, detokenises, and restores input order.</summary>
public sealed class Translator(IStepDecoder model, TextSide source, TextSide target, int maxSourceTokens)
{
    /// <summary>Translates every sentence; over-long inputs are cut to <c>maxSourceTokens</c> with a warning.</summary>
    public IReadOnlyList<Translation> Translate(IReadOnlyList<string> sentences, SearchOptions options, int batchSize,
        bool replaceUnknown = false, Action<string>? warn = null)
    {
        var encoded = new int[sentences.Count][];
        var sourceTokens = new string[sentences.Count][];
        for (int i = 0; i < sentences.Count; i++)
        {
            var tokens = source.Tokenizer.Tokenize(sentences[i]);
            if (tokens.Length > maxSourceTokens)
            {
                warn?.Invoke($"input {i + 1}: {tokens.Length} tokens, cut to the model's maximum of {maxSourceTokens}.");
                tokens = tokens[..maxSourceTokens];
            }
            encoded[i] = source.Vocabulary.Encode(tokens, addBos: false, addEos: true);
            sourceTokens[i] = [.. tokens, Vocabulary.EosToken];
        }

        var results = new Translation[sentences.Count];
        var order = Enumerable.Range(0, sentences.Count).OrderBy(i => encoded[i].Length).ToArray();
        var batchRows = order.Chunk(batchSize).ToArray();
        var batches = batchRows.Select(rows => SourceBatch.FromSequences(rows.Select(i => encoded[i]).ToList(), Vocabulary.Pad)).ToArray();
        var hypotheses = SearchScheduler.DecodeAll(model, batches, options);
        for (int b = 0; b < batches.Length; b++)
            for (int r = 0; r < batchRows[b].Length; r++)
                results[batchRows[b][r]] = Describe(hypotheses[b][r], sourceTokens[batchRows[b][r]], replaceUnknown);
        return results;
    }

    private Translation Describe(IReadOnlyList<Hypothesis> nbest, string[] sourceTokens, bool replaceUnknown)
    {
        var best = nbest[0];
        var attention = best.Attention.Select(row => row[..Math.Min(row.Length, sourceTokens.Length)]).ToArray();
        string[] Tokens(Hypothesis h)
        {
            var tokens = target.Tokens(h.Tokens);
            if (!replaceUnknown) return tokens;
            for (int t = 0; t < tokens.Length && t < h.Attention.Length; t++)
            {
                if (tokens[t] != Vocabulary.UnkToken) continue;
                var row = h.Attention[t].AsSpan(0, Math.Min(h.Attention[t].Length, sourceTokens.Length - 1)); // not EOS
                if (row.Length > 0) tokens[t] = sourceTokens[TensorPrimitives.IndexOfMax(row)];
            }
            return tokens;
        }
        var outputTokens = Tokens(best);
        bool ended = best.Attention.Length > best.Tokens.Length;
        return new Translation(
            target.Detokenize(outputTokens), sourceTokens, ended ? [.. outputTokens, Vocabulary.EosToken] : outputTokens,
            attention, best.Score, nbest.Select(h => (target.Detokenize(Tokens(h)), h.Score)).ToList());
    }
}
