using Heed.Models;
using Heed.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Diagnostics;
using Heed.Tensors.Memory;

namespace Heed.Decoding;

/// <summary>
/// Batched beam search with the GNMT length penalty. Each sentence keeps <c>Beam</c> live hypotheses; a hypothesis
/// that emits EOS moves to the sentence's finished list, ranked by log-probability / lp(length with EOS).
/// The k best finished hypotheses are kept; a sentence stops when it reaches its length limit or no live hypothesis
/// can still enter its n best finished ones (scores only fall as tokens are added; lp is largest at the limit).
/// Finished sentences leave the batch, so later steps compute only for the live ones.
/// </summary>
public static class BeamSearch
{
    private sealed class Live
    {
        public required int[] Tokens;
        public required float[][] Attention;
        public double LogProb;
    }

    /// <summary>Decodes every sentence in <paramref name="source"/>; returns each sentence's hypotheses.</summary>
    public static IReadOnlyList<Hypothesis[]> Decode(IStepDecoder model, SourceBatch source, SearchOptions options)
    {
        if (options.Beam < 1) throw new ArgumentOutOfRangeException(nameof(options), $"Beam width {options.Beam} must be at least 1.");
        options = options.For(model);
        using var noGrad = GradMode.NoGrad();
        using var outer = TensorScope.Begin();
        int k = options.Beam, vocab = model.TargetVocabulary;
        var limits = source.Lengths.Select(options.LimitFor).ToArray();
        var finished = Enumerable.Range(0, source.Batch).Select(_ => new List<Hypothesis>()).ToArray();

        // Live sentences and, for each, its k rows (row = position in active × k + beam index).
        var active = Enumerable.Range(0, source.Batch).ToList();
        var beams = active.Select(_ => new List<Live> { new() { Tokens = [], Attention = [], LogProb = 0 } }).ToArray();
        var baseEncoded = model.Encode(source, options.WorkFor(source));
        IEncodedSource encoded = baseEncoded.Select(Expand(active.Select((_, i) => i).ToList(), k));
        var state = model.Start(encoded);
        var previous = new int[active.Count * k];
        Array.Fill(previous, model.BosId);

        for (int t = 0; active.Count > 0; t++)
        {
            using var step = TensorScope.Begin();
            var result = model.Step(encoded, state, previous);
            Tensor logProbs;
            using (PhaseProfiler.Measure("log-softmax")) logProbs = result.LogProbs;
            var lp = logProbs.Span;
            var att = result.Attention.Span;
            int srcLen = encoded.SourceLength;
            var nextActive = new List<int>();
            var parentRows = new List<int>();
            var nextTokens = new List<int>();

            for (int a = 0; a < active.Count; a++)
            {
                int sentence = active[a];
                var live = beams[sentence];
                // Top 2k continuations over the live beams × vocabulary, best first.
                var candidates = new PriorityQueue<(int Beam, int Token, double Score), double>();
                for (int b = 0; b < live.Count; b++)
                {
                    var row = lp.Slice((a * k + b) * vocab, vocab);
                    for (int v = 0; v < vocab; v++)
                    {
                        double score = live[b].LogProb + row[v];
                        if (candidates.Count < 2 * k) candidates.Enqueue((b, v, score), score);
                        else if (score > candidates.Peek().Score) candidates.EnqueueDequeue((b, v, score), score);
                    }
                }
                var ranked = new List<(int Beam, int Token, double Score)>();
                while (candidates.Count > 0) ranked.Add(candidates.Dequeue());
                ranked.Reverse();

                var survivors = new List<(Live Hyp, int Parent, int Token)>();
                foreach (var (b, v, score) in ranked)
                {
                    if (double.IsNegativeInfinity(score)) continue; // a padding row, not a hypothesis
                    var parent = live[b];
                    var attRow = att.Slice((a * k + b) * srcLen, srcLen).ToArray();
                    bool ends = options.StopAtEos && v == model.EosId;
                    if (ends)
                        AddFinished(finished[sentence], new Hypothesis(parent.Tokens, score / options.LengthPenalty(parent.Tokens.Length + 1), score, [.. parent.Attention, attRow]), k);
                    else if (survivors.Count < k)
                    {
                        survivors.Add((new Live { Tokens = [.. parent.Tokens, v], Attention = [.. parent.Attention, attRow], LogProb = score }, a * k + b, v));
                    }
                }

                bool atLimit = t + 1 >= limits[sentence];
                if (atLimit)
                    foreach (var (h, _, _) in survivors)
                        AddFinished(finished[sentence], new Hypothesis(h.Tokens, h.LogProb / options.LengthPenalty(h.Tokens.Length), h.LogProb, h.Attention), k);
                bool done = atLimit || survivors.Count == 0 || CannotImprove(finished[sentence], survivors, options, limits[sentence]);
                if (done) continue;

                beams[sentence] = survivors.Select(s => s.Hyp).ToList();
                nextActive.Add(sentence);
                for (int b = 0; b < k; b++)
                {
                    // Pad to k rows by repeating the last survivor with a score of −∞, so rows stay aligned.
                    var (hyp, parentRow, token) = survivors[Math.Min(b, survivors.Count - 1)];
                    if (b >= survivors.Count) beams[sentence].Add(new Live { Tokens = hyp.Tokens, Attention = hyp.Attention, LogProb = double.NegativeInfinity });
                    parentRows.Add(parentRow);
                    nextTokens.Add(token);
                }
            }

            if (nextActive.Count == 0) break;
            if (nextActive.Count != active.Count)
            {
                // Some sentences finished: rebuild the encoding for the survivors only.
                var keep = nextActive.Select(s => active.IndexOf(s)).ToList();
                encoded = encoded.Select(Expand(keep, k, from: k));
                encoded.KeepIn(step);
            }
            var nextState = result.State.Select(parentRows.ToArray());
            nextState.KeepIn(step);
            state = nextState;
            active = nextActive;
            previous = nextTokens.ToArray();
        }

        return finished.Select(list => list.OrderByDescending(h => h.Score).Take(Math.Max(1, options.NBest)).ToArray()).ToArray();
    }

    /// <summary>Rows for k copies of each listed sentence (rows of the source are <c>index × from</c>).</summary>
    private static int[] Expand(List<int> sentences, int k, int from = 1) =>
        sentences.SelectMany(s => Enumerable.Repeat(s * from, k)).ToArray();

    /// <summary>Keeps the k best finished hypotheses.</summary>
    private static void AddFinished(List<Hypothesis> finished, Hypothesis h, int k)
    {
        if (finished.Count < k) { finished.Add(h); return; }
        int worst = 0;
        for (int i = 1; i < finished.Count; i++) if (finished[i].Score < finished[worst].Score) worst = i;
        if (h.Score > finished[worst].Score) finished[worst] = h;
    }

    /// <summary>
    /// True when no live hypothesis can still enter the n best finished ones: log-probabilities are ≤ 0 and only
    /// fall, and lp grows with length, so the best a live hypothesis can reach is its current log-probability over
    /// the largest penalty.
    /// </summary>
    private static bool CannotImprove(List<Hypothesis> finished, List<(Live Hyp, int Parent, int Token)> live, SearchOptions options, int limit)
    {
        int needed = Math.Max(1, options.NBest);
        if (finished.Count < needed) return false;
        double threshold = finished.Select(h => h.Score).OrderDescending().ElementAt(needed - 1);
        double bestLive = live.Max(s => s.Hyp.LogProb);
        return bestLive / options.LengthPenalty(limit + 1) < threshold;
    }
}
