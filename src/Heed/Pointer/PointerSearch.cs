using Heed.Attention;
using Heed.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Memory;

namespace Heed.Pointer;

/// <summary>
/// Greedy and beam decoding of a <see cref="PointerNetwork"/>: each step points at a position of the input (or at the
/// end, position 0). An answer stops at the end pointer or after n + 1 steps; with the network's MaskChosen a position
/// is never chosen twice, so after all n inputs only the end is left.
/// </summary>
public static class PointerSearch
{
    /// <summary>The most probable position at every step, for a batch of inputs of one length.</summary>
    /// <param name="model">the network (put it in evaluation mode first)</param>
    /// <param name="examples">inputs, all with the same n (their targets are not used)</param>
    public static IReadOnlyList<PointerPrediction> Greedy(PointerNetwork model, IReadOnlyList<PointerExample> examples)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var noGrad = GradMode.NoGrad();
        using var scope = TensorScope.Begin();
        var batch = new PointerBatch(examples);
        var encoding = model.Encode(batch.Inputs);
        int rows = batch.Size, positions = batch.Count + 1;
        var chosen = new bool[rows, positions];
        var indices = Enumerable.Range(0, rows).Select(_ => new List<int>()).ToArray();
        var weights = Enumerable.Range(0, rows).Select(_ => new List<float[]>()).ToArray();
        var logp = new double[rows];
        var done = new bool[rows];
        Tensor input = model.FirstInput(rows), h = encoding.H, c = encoding.C;
        for (int step = 0; step < positions && done.Any(d => !d); step++)
        {
            Tensor scores;
            (scores, h, c) = model.Step(encoding, input, h, c, GlimpseMask(model, chosen));
            var p = Mask(model, scores, chosen).Softmax().Span;
            var next = new int[rows];
            for (int r = 0; r < rows; r++)
            {
                if (done[r]) continue;
                var row = p.Slice(r * positions, positions);
                int best = 0;
                for (int j = 1; j < positions; j++) if (row[j] > row[best]) best = j;
                weights[r].Add(row.ToArray());
                logp[r] += Math.Log(Math.Max(row[best], float.Epsilon));
                next[r] = best;
                chosen[r, best] = true;
                if (best == 0) done[r] = true; else indices[r].Add(best - 1);
            }
            input = encoding.Gather(next, 1);
        }
        return Enumerable.Range(0, rows).Select(r => new PointerPrediction(indices[r].ToArray(), weights[r].ToArray(), logp[r])).ToList();
    }

    /// <summary>
    /// Beam search of width <paramref name="beam"/> per input: the live answers are extended by every allowed position,
    /// the best <paramref name="beam"/> kept; an answer that points at the end is finished. Stops when the best finished
    /// answer is more probable than every live one (log-probabilities only fall as answers grow).
    /// </summary>
    /// <param name="model">the network (put it in evaluation mode first)</param>
    /// <param name="examples">inputs, all with the same n (their targets are not used)</param>
    /// <param name="beam">answers kept per step (1 with a constraint: greedy within the constraint)</param>
    /// <param name="wellFormed">
    /// null, or per example a test of whether an answer may be extended by an input index (−1 = the end) given its
    /// indices so far: positions it refuses are never taken (<see cref="ConvexHull.KeepsConvex"/> for the hull). It must
    /// judge the answer's form from the inputs alone. When it refuses every extension of every live answer, that step
    /// is taken as if there were no constraint, so search always ends with an answer.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">beam &lt; 1.</exception>
    public static IReadOnlyList<PointerPrediction> Beam(PointerNetwork model, IReadOnlyList<PointerExample> examples, int beam,
        Func<PointerExample, IReadOnlyList<int>, int, bool>? wellFormed = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfLessThan(beam, 1);
        if (beam == 1 && wellFormed is null) return Greedy(model, examples);
        using var noGrad = GradMode.NoGrad();
        using var scope = TensorScope.Begin();
        var batch = new PointerBatch(examples);
        var all = model.Encode(batch.Inputs);
        var results = new PointerPrediction[batch.Size];
        for (int b = 0; b < batch.Size; b++)
        {
            using var one = TensorScope.Begin();
            var example = examples[b];
            results[b] = BeamOne(model, all.Rows([b]), batch.Count + 1, beam,
                wellFormed is null ? null : (positions, j) => wellFormed(example, positions, j));
        }
        return results;
    }

    private sealed record Hypothesis(List<int> Positions, List<float[]> Weights, bool[] Chosen, double LogProb);

    private static PointerPrediction BeamOne(PointerNetwork model, PointerEncoding single, int positions, int beam, Func<IReadOnlyList<int>, int, bool>? wellFormed)
    {
        var live = new List<Hypothesis> { new([], [], new bool[positions], 0) };
        var encoding = single;
        Tensor input = model.FirstInput(1), h = single.H, c = single.C;
        Hypothesis? best = null;
        for (int step = 0; step < positions && live.Count > 0; step++)
        {
            var chosen = new bool[live.Count, positions];
            for (int r = 0; r < live.Count; r++) for (int j = 0; j < positions; j++) chosen[r, j] = live[r].Chosen[j];
            Tensor scores;
            (scores, h, c) = model.Step(encoding, input, h, c, GlimpseMask(model, chosen));
            var p = Mask(model, scores, chosen).Softmax().Span;
            var candidates = new List<(double LogProb, int Row, int Position)>();
            var refused = new List<(double LogProb, int Row, int Position)>();
            for (int r = 0; r < live.Count; r++)
            {
                var sofar = wellFormed is null ? null : live[r].Positions.Select(x => x - 1).ToArray();
                for (int j = 0; j < positions; j++)
                {
                    float q = p[r * positions + j];
                    if (q <= 0) continue;
                    if (sofar is null || wellFormed!(sofar, j - 1)) candidates.Add((live[r].LogProb + Math.Log(q), r, j));
                    else refused.Add((live[r].LogProb + Math.Log(q), r, j));
                }
            }
            if (candidates.Count == 0 && best is null) candidates = refused;
            var next = new List<Hypothesis>();
            var rows = new List<int>();
            foreach (var (logProb, r, j) in candidates.OrderByDescending(x => x.LogProb).Take(beam))
            {
                var mask = (bool[])live[r].Chosen.Clone();
                if (model.Config.MaskChosen) mask[j] = true;
                var hyp = new Hypothesis([.. live[r].Positions, j], [.. live[r].Weights, p.Slice(r * positions, positions).ToArray()], mask, logProb);
                if (j == 0) { if (best is null || logProb > best.LogProb) best = hyp; }
                else { next.Add(hyp); rows.Add(r); }
            }
            live = best is null ? next : next.Where(x => x.LogProb > best.LogProb).ToList();
            if (live.Count == 0) break;
            var keep = next.Select((x, i) => (x, i)).Where(t => live.Contains(t.x)).Select(t => rows[t.i]).ToArray();
            encoding = single.Rows(new int[keep.Length]);
            h = Pick(h, keep); c = Pick(c, keep);
            input = encoding.Gather(live.Select(x => x.Positions[^1]).ToArray(), 1);
        }
        // An answer cut off at n + 1 steps without the end pointer (only without masking) still counts, as it stands.
        best ??= live.OrderByDescending(x => x.LogProb).First();
        var indices = best.Positions.Where(j => j != 0).Select(j => j - 1).ToArray();
        return new PointerPrediction(indices, best.Weights.ToArray(), best.LogProb);
    }

    private static Tensor Pick(Tensor state, int[] rows) =>
        state.Reshape(state.Dim(1), state.Dim(2)).SelectBatch(rows).Reshape(1, rows.Length, state.Dim(2));

    /// <summary>The glimpse's mask [rows, 1, positions] (0, or the masked score at chosen positions), or null when the model has no glimpse or does not mask.</summary>
    private static Tensor? GlimpseMask(PointerNetwork model, bool[,] chosen)
    {
        if (!model.Config.Glimpse || !model.Config.MaskChosen) return null;
        int rows = chosen.GetLength(0), positions = chosen.GetLength(1);
        var mask = Tensor.Zeros(rows, 1, positions);
        var m = mask.Span;
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < positions; j++)
                if (chosen[r, j]) m[r * positions + j] = PointerNetwork.MaskedScore;
        return mask;
    }

    /// <summary>Scores [rows, positions] with chosen positions at the masked score (when the model masks).</summary>
    private static Tensor Mask(PointerNetwork model, Tensor scores, bool[,] chosen)
    {
        if (!model.Config.MaskChosen) return scores;
        var s = scores.Span;
        int rows = chosen.GetLength(0), positions = chosen.GetLength(1);
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < positions; j++)
                if (chosen[r, j]) s[r * positions + j] = PointerNetwork.MaskedScore;
        return scores;
    }
}
