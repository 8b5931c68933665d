using System.Numerics.Tensors;
using Heed.Models;
using Heed.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Memory;

namespace Heed.Decoding;

/// <summary>Picks the most probable token at every step, for a whole batch at once.</summary>
public static class GreedySearch
{
    /// <summary>Decodes every sentence in <paramref name="source"/>, one hypothesis each.</summary>
    public static Hypothesis[] Decode(IStepDecoder model, SourceBatch source, SearchOptions options)
    {
        options = options.For(model);
        using var noGrad = GradMode.NoGrad();
        using var outer = TensorScope.Begin();
        int rows = source.Batch;
        var limits = source.Lengths.Select(options.LimitFor).ToArray();
        int steps = limits.Length == 0 ? 0 : limits.Max();
        var encoded = model.Encode(source, options.WorkFor(source));
        var state = model.Start(encoded);
        var previous = Enumerable.Repeat(model.BosId, rows).ToArray();
        var tokens = Enumerable.Range(0, rows).Select(_ => new List<int>()).ToArray();
        var attention = Enumerable.Range(0, rows).Select(_ => new List<float[]>()).ToArray();
        var logProb = new double[rows];
        var finished = new bool[rows];
        int vocab = model.TargetVocabulary;
        var scratch = new float[vocab];

        for (int t = 0; t < steps && finished.Contains(false); t++)
        {
            using var step = TensorScope.Begin();
            var result = model.Step(encoded, state, previous);
            var scores = result.Scores.Span;
            var att = result.Attention.Span;
            int srcLen = encoded.SourceLength;
            for (int r = 0; r < rows; r++)
            {
                if (finished[r]) { previous[r] = model.EosId; continue; }
                var row = scores.Slice(r * vocab, vocab);
                int best = TensorPrimitives.IndexOfMax(row);
                logProb[r] += row[best] - Ops.LogSumExpInto(row, scratch); // log-softmax of the chosen token only
                attention[r].Add(att.Slice(r * srcLen, srcLen).ToArray());
                if (best == model.EosId && options.StopAtEos) finished[r] = true;
                else
                {
                    tokens[r].Add(best);
                    if (tokens[r].Count >= limits[r]) finished[r] = true;
                }
                previous[r] = best;
            }
            result.State.KeepIn(step);
            state = result.State;
        }
        return Enumerable.Range(0, rows).Select(r => new Hypothesis(
            tokens[r].ToArray(), logProb[r] / options.LengthPenalty(tokens[r].Count + 1), logProb[r], attention[r].ToArray())).ToArray();
    }
}
