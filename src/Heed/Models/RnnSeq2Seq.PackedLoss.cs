using Heed.Tensors;
using Heed.Tensors.Diagnostics;

namespace Heed.Models;

public sealed partial class RnnSeq2Seq
{
    /// <summary>
    /// Teacher-forced training loss: mean cross-entropy of the target ids (row-major [B, T], each BOS … EOS then padding)
    /// predicted from their prefixes. The output layer runs once over all steps.
    /// </summary>
    /// <remarks>
    /// Sentences are unrolled longest first, and step t runs only the n_t sentences that still have a target there
    /// (like a packed sequence): in a batch whose longest target is ~1.5× the mean, padded steps were a third of the
    /// decoder's recurrent work. The encoder states, mask and decoder state enter step t as views of their first n_t
    /// rows (<see cref="Ops.LeadingRows"/>), so nothing is copied. Rows are reordered inside the loss only; the loss —
    /// a mean over scored tokens — does not depend on the order (dropout masks do: they follow the packed layout).
    /// </remarks>
    /// <returns>the loss tensor (shape []) and the number of target tokens it averages over</returns>
    public override (Tensor Loss, int Tokens) Loss(SourceBatch source, int[] target, int targetLength, float labelSmoothing)
    {
        int b = source.Batch, steps = targetLength - 1;
        if (target.Length != b * targetLength)
            throw new ArgumentException($"Loss: {target.Length} target ids for batch {b} × length {targetLength}.");
        // Steps each sentence needs: up to its last scored (non-padding) gold token.
        var needed = new int[b];
        for (int i = 0; i < b; i++)
            for (int t = steps - 1; t >= 0; t--)
                if (target[i * targetLength + 1 + t] != PadId) { needed[i] = t + 1; break; }
        int[] order = Enumerable.Range(0, b).OrderByDescending(i => needed[i]).ToArray(); // stable: ties keep their order
        var sorted = source.Select(order);
        var active = new int[steps]; // n_t: sentences still running at step t, the first n_t of the sorted batch
        foreach (int i in order)
            for (int t = 0; t < needed[i]; t++) active[t]++;
        int unrolled = active.Count(n => n > 0);
        if (unrolled == 0)
            throw new ArgumentException($"Loss: the batch of {b} has no target token to score (every target is padding).");

        // The packed layout: step 0's n_0 rows, then step 1's n_1 rows, … (Σ n_t rows in all).
        int packedRows = active.Sum();
        var inputs = new int[packedRows];
        var gold = new int[packedRows];
        for (int t = 0, row = 0; t < unrolled; t++)
            for (int r = 0; r < active[t]; r++, row++)
            {
                inputs[row] = target[order[r] * targetLength + t];
                gold[row] = target[order[r] * targetLength + t + 1];
            }

        var encoded = EncodeSource(sorted);
        var state = StartState(encoded);
        var embedded = _dropout.Forward(_targetEmbedding.Forward(inputs, packedRows));     // [Σ n_t, E]
        // The embedding half of the first cell's input projection, for all steps in one GEMM.
        Tensor projected;
        using (PhaseProfiler.Measure("decoder cell")) projected = _cells.ProjectLeading(embedded); // [Σ n_t, G·D]
        var features = new Tensor[unrolled];
        for (int t = 0, first = 0; t < unrolled; first += active[t], t++)
        {
            int n = active[t];
            var (f, _, next) = DecodeStep(encoded.LeadingRows(n), state.LeadingRows(n), embedded.Slice(0, first, n), projected.Slice(0, first, n));
            features[t] = f;
            state = next;
        }
        using var _ = PhaseProfiler.Measure("output+loss");
        // The output layer (most of the model's FLOPs) runs only on the rows that are scored: the packed rows are the
        // unrolled steps, so only a padding token inside a sentence (none in practice) is left to ignore.
        // Sub-phases (counted inside output+loss too) show how much of it is the GEMM.
        Tensor dropped;
        using (PhaseProfiler.Measure("output: stack+dropout"))
            dropped = _dropout.Forward(Ops.Concat(features, 0)); // [Σ n_t, F]
        int tokens = gold.Count(id => id != PadId);
        Tensor logits;
        using (PhaseProfiler.Measure("output: linear"))
            logits = Ops.Linear(dropped, _output.Weight, _output.Bias); // [Σ n_t, V]
        using (PhaseProfiler.Measure("output: loss"))
            return (logits.CrossEntropy(gold, ignoreIndex: PadId, labelSmoothing: labelSmoothing), tokens);
    }
}
