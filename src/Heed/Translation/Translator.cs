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
/// <remarks>The constructor wraps a model in memory (one a program built or trained itself); <see cref="Load"/>
/// reads one from a model directory instead.</remarks>
/// <param name="model">the model, in evaluation mode (<c>model.Eval()</c>) so that search does not drop units</param>
/// <param name="source">the source side's tokenizer and vocabulary, as the model was trained with them</param>
/// <param name="target">the target side's tokenizer and vocabulary</param>
/// <param name="maxSourceTokens">inputs longer than this many tokens are cut to it (the training's
/// <c>data.max_length</c> is a good value: the model has seen nothing longer)</param>
public sealed partial class Translator(IStepDecoder model, TextSide source, TextSide target, int maxSourceTokens)
{
    /// <summary>Translates every sentence; over-long inputs are cut to <c>maxSourceTokens</c> with a warning. The
    /// heed tool's path (search options already resolved, warnings to its stderr); users call the
    /// <see cref="TranslateOptions"/> overload, which resolves and checks options against the model's defaults.</summary>
    /// <param name="sentences">source sentences, in any order and length</param>
    /// <param name="options">the search, used as given</param>
    /// <param name="batchSize">sentences decoded together (at least 1)</param>
    /// <param name="replaceUnknown">replace each unknown output token by the source token it attends to most</param>
    /// <param name="warn">told about each input cut to the model's maximum length</param>
    /// <param name="progress">told the number of sentences translated so far after each group of batches</param>
    /// <param name="cancel">checked between groups of batches (a group is one batch per thread)</param>
    /// <exception cref="OperationCanceledException">when <paramref name="cancel"/> fires; nothing is returned</exception>
    internal IReadOnlyList<Translation> Translate(IReadOnlyList<string> sentences, SearchOptions options, int batchSize,
        bool replaceUnknown = false, Action<string>? warn = null, IProgress<int>? progress = null, CancellationToken cancel = default)
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
        // Groups of one batch per thread keep every thread busy (SearchScheduler runs a group's batches side by side)
        // while leaving points to report progress and to stop.
        int group = Math.Max(1, Tensors.Parallelism.Threads), done = 0;
        for (int first = 0; first < batches.Length; first += group)
        {
            cancel.ThrowIfCancellationRequested();
            int count = Math.Min(group, batches.Length - first);
            var hypotheses = SearchScheduler.DecodeAll(model, batches[first..(first + count)], options);
            for (int b = 0; b < count; b++)
                for (int r = 0; r < batchRows[first + b].Length; r++)
                    results[batchRows[first + b][r]] = Describe(hypotheses[b][r], sourceTokens[batchRows[first + b][r]], replaceUnknown);
            done += batchRows[first..(first + count)].Sum(rows => rows.Length);
            progress?.Report(done);
        }
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
