using Heed.Tensors;
using Heed.Tensors.Nn;

namespace Heed.Attention;

/// <summary>
/// The attention family's one abstraction: score → mask → softmax → context. A subclass supplies the score
/// (and, when the score has a key-only part, the projection of the keys); the pipeline is shared.
/// </summary>
/// <remarks>
/// <para>Use: <c>var keys = attention.PrepareKeys(encoderOutputs, sourceMask);</c> once per batch, then
/// <c>attention.Attend(decoderState, keys, encoderOutputs)</c> at every decoder step (Tq = 1), which pays only
/// the per-query part. <see cref="Forward"/> does both at once.</para>
/// <para>Shapes: queries [B, Tq, dq], keys [B, Tk, dk], values [B, Tk, dv], key mask [B, Tk] (1 keep, 0 pad).
/// Every mismatch throws <see cref="ArgumentException"/> naming the sizes. A query whose keys are all masked gets
/// zero weights and a zero context, never NaN.</para>
/// </remarks>
public abstract class Attention : Module
{
    /// <param name="queryDim">dq, the size of a query (decoder state)</param>
    /// <param name="keyDim">dk, the size of a key (encoder annotation)</param>
    protected Attention(int queryDim, int keyDim)
    {
        if (queryDim <= 0 || keyDim <= 0)
            throw new ArgumentOutOfRangeException(nameof(queryDim), $"{GetType().Name}: query size {queryDim} and key size {keyDim} must be positive.");
        QueryDim = queryDim;
        KeyDim = keyDim;
    }

    /// <summary>dq, the size of a query (a decoder state) this mechanism accepts.</summary>
    public int QueryDim { get; }

    /// <summary>dk, the size of a key (an encoder annotation) this mechanism accepts.</summary>
    public int KeyDim { get; }

    /// <summary>Projects the key-only part of the score once per batch (see <see cref="ProjectedKeys"/>).</summary>
    /// <param name="keys">[B, Tk, dk]</param>
    /// <param name="keyMask">[B, Tk], 1 for a real key and 0 for padding; null when every key is real</param>
    /// <exception cref="ArgumentException">keys are not [B, Tk, dk] or the mask is not [B, Tk].</exception>
    public ProjectedKeys PrepareKeys(Tensor keys, Tensor? keyMask = null)
    {
        if (keys.Rank != 3 || keys.Dim(2) != KeyDim)
            throw new ArgumentException($"{GetType().Name}: keys must be [B, Tk, {KeyDim}]; got {keys.Describe()}.", nameof(keys));
        if (keyMask is not null && (keyMask.Rank != 2 || keyMask.Dim(0) != keys.Dim(0) || keyMask.Dim(1) != keys.Dim(1)))
            throw new ArgumentException(
                $"{GetType().Name}: the key mask must be [B, Tk] = [{keys.Dim(0)}, {keys.Dim(1)}] to fit keys {keys.Describe()}; got {keyMask.Describe()}.",
                nameof(keyMask));
        return new ProjectedKeys(ProjectKeys(keys), keyMask, this);
    }

    /// <summary>Attends with queries to keys prepared by this module's <see cref="PrepareKeys"/>.</summary>
    /// <param name="queries">[B, Tq, dq]</param>
    /// <param name="keys">from <see cref="PrepareKeys"/> of this very module (possibly reordered by Select)</param>
    /// <param name="values">[B, Tk, dv]</param>
    /// <param name="causal">when set, query t keeps only keys j ≤ <paramref name="firstQueryPosition"/> + t</param>
    /// <param name="firstQueryPosition">position of query 0 in its sequence (the decoder step t when Tq = 1)</param>
    /// <returns>context [B, Tq, dv] and weights [B, Tq, Tk]</returns>
    public AttentionResult Attend(Tensor queries, ProjectedKeys keys, Tensor values, bool causal = false, int firstQueryPosition = 0) =>
        AttendCore(queries, keys, values, causal, firstQueryPosition, weightDropout: null);

    /// <summary>
    /// The weights <see cref="Attend"/> would return, without the context: for a caller that needs only linear maps of
    /// the context and has applied them to the values beforehand (Σ_j w_j·(W v_j) = W·Σ_j w_j v_j).
    /// </summary>
    /// <param name="queries">[B, Tq, dq]</param>
    /// <param name="keys">from <see cref="PrepareKeys"/> of this very module</param>
    /// <param name="firstQueryPosition">position of query 0 in its sequence, as for <see cref="Attend"/> (local-m
    /// attention centres its window on it)</param>
    /// <returns>[B, Tq, Tk]</returns>
    /// <exception cref="ArgumentException">as for <see cref="Attend"/>, naming the shapes.</exception>
    public Tensor Align(Tensor queries, ProjectedKeys keys, int firstQueryPosition = 0)
    {
        CheckQueries(queries, keys);
        return Weights(queries, keys, causal: false, firstQueryPosition);
    }

    /// <summary><see cref="PrepareKeys"/> then <see cref="Attend"/> (self-attention: pass one sequence three times).</summary>
    public AttentionResult Forward(Tensor queries, Tensor keys, Tensor values, Tensor? keyMask = null, bool causal = false) =>
        Attend(queries, PrepareKeys(keys, keyMask), values, causal);

    /// <summary>The pipeline; <paramref name="weightDropout"/> (multi-head attention) acts on the weights used for the context.</summary>
    internal AttentionResult AttendCore(Tensor queries, ProjectedKeys keys, Tensor values, bool causal, int firstQueryPosition,
        Func<Tensor, Tensor>? weightDropout)
    {
        CheckCall(queries, keys, values);
        var weights = Weights(queries, keys, causal, firstQueryPosition);
        var used = weightDropout is null ? weights : weightDropout(weights);
        return new AttentionResult(queries.Dim(1) == 1 ? AttentionOps.StepContext(used, values) : used.MatMul(values), weights);
    }

    private Tensor Weights(Tensor queries, ProjectedKeys keys, bool causal, int firstQueryPosition)
    {
        var scores = Score(queries, keys);
        var keep = KeepMask.Build(keys.Mask, queries.Dim(0), queries.Dim(1), keys.Length, causal, firstQueryPosition);
        return Weigh(scores, keep, queries, keys, firstQueryPosition);
    }

    private void CheckQueries(Tensor queries, ProjectedKeys keys)
    {
        string me = GetType().Name;
        if (!ReferenceEquals(keys.Owner, this))
            throw new ArgumentException($"{me}: these keys were prepared by another {keys.Owner.GetType().Name}; call PrepareKeys on this module.", nameof(keys));
        if (queries.Rank != 3 || queries.Dim(2) != QueryDim)
            throw new ArgumentException($"{me}: queries must be [B, Tq, {QueryDim}]; got {queries.Describe()}.", nameof(queries));
        if (queries.Dim(0) != keys.BatchSize)
            throw new ArgumentException($"{me}: queries {queries.Describe()} have batch {queries.Dim(0)} but the keys have batch {keys.BatchSize}.", nameof(queries));
    }

    private void CheckCall(Tensor queries, ProjectedKeys keys, Tensor values)
    {
        string me = GetType().Name;
        CheckQueries(queries, keys);
        if (values.Rank != 3 || values.Dim(0) != keys.BatchSize || values.Dim(1) != keys.Length)
            throw new ArgumentException(
                $"{me}: values must be [B, Tk, dv] = [{keys.BatchSize}, {keys.Length}, dv] to fit the keys; got {values.Describe()}.", nameof(values));
    }

    /// <summary>The key-only part of the score: [B, Tk, dk] → [B, Tk, n] (identity when there is none).</summary>
    protected internal abstract Tensor ProjectKeys(Tensor keys);

    /// <summary>Unnormalised scores [B, Tq, Tk] of queries [B, Tq, dq] against prepared keys.</summary>
    protected internal abstract Tensor Score(Tensor queries, ProjectedKeys keys);

    /// <summary>
    /// Scores → weights: a softmax over the kept keys (<paramref name="keep"/> is [B, Tq, Tk] or null).
    /// Local and hard attention override this.
    /// </summary>
    protected internal virtual Tensor Weigh(Tensor scores, Tensor? keep, Tensor queries, ProjectedKeys keys, int firstQueryPosition) =>
        scores.Softmax(keep); // the engine's softmax subtracts each row's maximum, so large scores cannot overflow

}
