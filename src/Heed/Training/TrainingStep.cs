using Heed.Data;
using Heed.Models;
using Heed.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Diagnostics;
using Heed.Tensors.Kernels;
using Heed.Tensors.Memory;
using Heed.Tensors.Nn;
using Heed.Tensors.Optim;

namespace Heed.Training;

/// <summary>
/// One optimisation step on a batch — teacher-forced loss, backward, gradient clipping, optimiser — as the trainer
/// and the training benchmark take it.
/// </summary>
/// <remarks>
/// With several threads (<see cref="Parallelism.Threads"/>) and enough sentences, the batch is dealt row by row to
/// that many data-parallel replicas (row i to replica i mod R, so each gets a like mix of lengths). Each replica
/// computes the loss of its sentences and its gradients on one thread, with every op single-threaded, and the
/// gradients are summed afterwards (<see cref="GradientReplica"/>). A recurrent model is a long chain of small
/// per-step products; splitting each of them over two cores pays a fork and join per op and leaves one core idle
/// in every op too small to split, while replicas keep both cores busy with no synchronisation until the end.
/// Replica r's loss is weighted by its share of the batch's scored tokens, so the summed gradient is the gradient
/// of the whole batch's mean loss. Results repeat exactly for the same seed and thread count; dropout masks depend
/// on the replica count, so runs on different thread counts differ as any two seeds do.
/// </remarks>
internal sealed class TrainingStep(Seq2SeqModel model, Optimizer optimizer, float clip, float labelSmoothing)
{
    /// <summary>Fewest sentences a replica gets: below this the per-step products get too narrow to pay.</summary>
    public const int MinSentencesPerReplica = 16;

    private readonly List<GradientReplica> _replicas = [];

    /// <summary>Replicas used for a batch of <paramref name="sentences"/>: one per thread while each gets enough rows.</summary>
    public static int ReplicasFor(int sentences) =>
        Math.Clamp(Math.Min(Parallelism.Threads, sentences / MinSentencesPerReplica), 1, Dropout.MaxReplicas);

    /// <summary>
    /// Computes the batch's mean loss and leaves its gradient in the parameters (replacing any earlier gradient).
    /// Returns the loss and the number of target tokens it averages over; the caller checks the loss before
    /// <see cref="Apply"/>.
    /// </summary>
    /// <param name="batch">the batch to compute the loss on</param>
    /// <param name="replicas">replicas to use (default <see cref="ReplicasFor"/> of the batch size)</param>
    public (float Loss, int Tokens) Gradients(Batch batch, int? replicas = null)
    {
        int count = replicas ?? ReplicasFor(batch.Size);
        if (count < 1 || count > batch.Size)
            throw new ArgumentOutOfRangeException(nameof(replicas), count, $"A batch of {batch.Size} sentences cannot feed {count} replicas.");
        optimizer.ZeroGrad();
        // The weights stay put until Apply, so each is packed for the per-step products once per batch.
        using var packs = PackedWeights.Begin();
        if (count == 1)
        {
            var (loss, tokens) = model.Loss(SourceBatch.Of(batch), batch.Target, batch.TargetLength, labelSmoothing);
            float value = loss.Item();
            if (float.IsFinite(value))
                using (PhaseProfiler.Measure("backward")) loss.Backward();
            return (value, tokens);
        }

        while (_replicas.Count < count) _replicas.Add(new GradientReplica(_replicas.Count));
        int scored = ScoredTokens(batch);
        var losses = new float[count];
        var counted = new int[count];
        Parallelism.RunParts(0, count, r =>
        {
            using var oneThread = Parallelism.Use(1);
            // Replica 0 accumulates straight into the parameters' gradients; the others into their own buffers.
            using var entered = r == 0 ? default : _replicas[r].Enter();
            using var scope = TensorScope.Begin();
            var part = batch.Rows(Enumerable.Range(0, batch.Size).Where(i => i % count == r).ToArray());
            var (loss, tokens) = model.Loss(SourceBatch.Of(part), part.Target, part.TargetLength, labelSmoothing);
            losses[r] = loss.Item();
            counted[r] = tokens;
            if (float.IsFinite(losses[r]) && tokens > 0)
                using (PhaseProfiler.Measure("backward")) loss.Scale((float)tokens / scored).Backward();
        });
        if (counted.Sum() != scored)
            throw new InvalidOperationException($"TrainingStep: the replicas scored {counted.Sum()} tokens, the batch has {scored}.");
        for (int r = 1; r < count; r++) _replicas[r].AddIntoParameters();
        double total = 0;
        for (int r = 0; r < count; r++) total += (double)losses[r] * counted[r];
        return ((float)(total / Math.Max(1, scored)), scored);
    }

    /// <summary>Clips the gradient's global norm (when clip &gt; 0) and takes the optimiser's step.</summary>
    public void Apply()
    {
        using var _ = PhaseProfiler.Measure("optimiser");
        if (clip > 0) GradientClipping.ClipNorm(model.Parameters(), clip);
        optimizer.Step();
    }

    /// <summary>Target tokens the loss scores: every non-padding id after each row's first (BOS).</summary>
    private static int ScoredTokens(Batch batch)
    {
        int scored = 0;
        for (int r = 0; r < batch.Size; r++) scored += Math.Max(0, batch.TargetLengths[r] - 1);
        return scored;
    }
}
