using Heed.Tensors;
using Heed.Tensors.Nn;

namespace Heed.Attention;

/// <summary>
/// Multi-head scaled dot-product attention: MultiHead(Q, K, V) = [head_1; …; head_h] W^O with
/// head_j = softmax(Q W_j^Q (K W_j^K)ᵀ / √d_k) V W_j^V, d_k = d_model / h, dropout on the weights while training.
/// Parameters: <c>q_proj</c>, <c>k_proj</c>, <c>v_proj</c>, <c>out_proj</c> (Linear d_model → d_model with bias).
/// </summary>
/// <remarks>
/// Vaswani et al. 2017, "Attention Is All You Need", §3.2.2. Each head runs the shared pipeline of
/// <see cref="ScaledDotAttention"/> over a batch of B·h, so masks, all-masked rows (zero output, never NaN) and
/// causal masking behave exactly as there. Self-attention: <c>Forward(x, x, x, mask, causal)</c>.
/// Cost per query: 2·d_model² for the query and output projections plus 2·Tk·d_model for the heads
/// (the key and value projections, 2·Tk·d_model², are paid once in <see cref="PrepareMemory"/>).
/// </remarks>
public sealed class MultiHeadAttention : Module
{
    private readonly ScaledDotAttention _heads;

    /// <summary>d_model: the size of every query, key, value and output vector.</summary>
    public int ModelDim { get; }

    /// <summary>h, the number of heads (at least 1, dividing <see cref="ModelDim"/>).</summary>
    public int Heads { get; }

    /// <summary>d_k = d_model / h.</summary>
    public int HeadDim { get; }

    /// <summary>W^Q for all heads at once (d_model → d_model, head j in columns j·d_k … (j + 1)·d_k − 1), parameter
    /// <c>q_proj</c>.</summary>
    public Linear QueryProj { get; }

    /// <summary>W^K for all heads at once (d_model → d_model), parameter <c>k_proj</c>; applied once per memory by
    /// <see cref="PrepareMemory"/>.</summary>
    public Linear KeyProj { get; }

    /// <summary>W^V for all heads at once (d_model → d_model), parameter <c>v_proj</c>.</summary>
    public Linear ValueProj { get; }

    /// <summary>W^O, which mixes the concatenated heads back to d_model, parameter <c>out_proj</c>.</summary>
    public Linear OutProj { get; }

    /// <summary>Dropout on the attention weights (identity in evaluation mode).</summary>
    public Dropout WeightDropout { get; }

    /// <param name="modelDim">d_model, a multiple of <paramref name="heads"/></param>
    /// <param name="heads">h</param>
    /// <param name="random">initialiser</param>
    /// <param name="dropout">probability of dropping an attention weight while training (0.1 in the paper)</param>
    /// <param name="dropoutSeed">seed of the dropout generator</param>
    /// <exception cref="ArgumentException">d_model is not a positive multiple of h.</exception>
    public MultiHeadAttention(int modelDim, int heads, Random random, float dropout = 0f, int dropoutSeed = 0)
    {
        if (heads <= 0 || modelDim <= 0 || modelDim % heads != 0)
            throw new ArgumentException($"MultiHeadAttention: d_model = {modelDim} must be a positive multiple of the number of heads h = {heads}.");
        ModelDim = modelDim;
        Heads = heads;
        HeadDim = modelDim / heads;
        QueryProj = RegisterModule("q_proj", new Linear(modelDim, modelDim, random));
        KeyProj = RegisterModule("k_proj", new Linear(modelDim, modelDim, random));
        ValueProj = RegisterModule("v_proj", new Linear(modelDim, modelDim, random));
        OutProj = RegisterModule("out_proj", new Linear(modelDim, modelDim, random));
        WeightDropout = RegisterModule("dropout", new Dropout(dropout, dropoutSeed));
        _heads = new ScaledDotAttention(HeadDim);
    }

    /// <summary>Projects keys and values into heads once (a decoder's cross-attention reuses them every step).</summary>
    /// <param name="keys">[B, Tk, d_model]</param>
    /// <param name="values">[B, Tk, d_model]</param>
    /// <param name="keyMask">[B, Tk] (1 keep, 0 pad) or null</param>
    /// <exception cref="ArgumentException">a shape does not fit; the message names it.</exception>
    public MultiHeadMemory PrepareMemory(Tensor keys, Tensor values, Tensor? keyMask = null)
    {
        CheckModel(keys, nameof(keys));
        CheckModel(values, nameof(values));
        return MemoryFromProjections(KeyProj.Forward(keys), ValueProj.Forward(values), keyMask);
    }

    /// <summary>
    /// A memory from keys and values already multiplied by this module's <see cref="KeyProj"/> and
    /// <see cref="ValueProj"/>: a model that keeps the projections in their [B, Tk, d_model] layout (a Transformer
    /// decoder's one-query steps read them so) builds the per-head memory from them without projecting again.
    /// </summary>
    /// <param name="projectedKeys">K W^K, [B, Tk, d_model]</param>
    /// <param name="projectedValues">V W^V, [B, Tk, d_model]</param>
    /// <param name="keyMask">[B, Tk] (1 keep, 0 pad) or null</param>
    /// <exception cref="ArgumentException">a shape does not fit; the message names it.</exception>
    public MultiHeadMemory MemoryFromProjections(Tensor projectedKeys, Tensor projectedValues, Tensor? keyMask = null)
    {
        CheckModel(projectedKeys, nameof(projectedKeys));
        CheckModel(projectedValues, nameof(projectedValues));
        int batch = projectedKeys.Dim(0), tk = projectedKeys.Dim(1);
        if (projectedValues.Dim(0) != batch || projectedValues.Dim(1) != tk)
            throw new ArgumentException($"MultiHeadAttention: values {projectedValues.Describe()} do not match keys {projectedKeys.Describe()} in [B, Tk].", nameof(projectedValues));
        if (keyMask is not null && (keyMask.Rank != 2 || keyMask.Dim(0) != batch || keyMask.Dim(1) != tk))
            throw new ArgumentException($"MultiHeadAttention: the key mask must be [B, Tk] = [{batch}, {tk}]; got {keyMask.Describe()}.", nameof(keyMask));
        // Every head of sentence b (rows b·h … b·h + h − 1) shares sentence b's mask.
        var perHead = keyMask?.SelectBatch([.. Enumerable.Range(0, batch).SelectMany(b => Enumerable.Repeat(b, Heads))]);
        return new MultiHeadMemory(_heads.PrepareKeys(SplitHeads(projectedKeys), perHead), SplitHeads(projectedValues), Heads);
    }

    /// <summary>Attends with queries [B, Tq, d_model] to a prepared memory.</summary>
    /// <param name="queries">[B, Tq, d_model], before W^Q</param>
    /// <param name="memory">keys and values projected into heads by <see cref="PrepareMemory"/>, for the same B</param>
    /// <param name="causal">query t keeps only keys j ≤ <paramref name="firstQueryPosition"/> + t</param>
    /// <param name="firstQueryPosition">position of query 0 (the step when decoding one query at a time)</param>
    /// <returns>context [B, Tq, d_model] (after W^O) and weights [B, h, Tq, Tk] (before dropout)</returns>
    public AttentionResult Attend(Tensor queries, MultiHeadMemory memory, bool causal = false, int firstQueryPosition = 0)
    {
        CheckModel(queries, nameof(queries));
        int batch = queries.Dim(0), tq = queries.Dim(1);
        if (batch != memory.BatchSize)
            throw new ArgumentException($"MultiHeadAttention: queries {queries.Describe()} have batch {batch} but the memory has {memory.BatchSize}.", nameof(queries));
        Func<Tensor, Tensor>? dropout = WeightDropout.Training && WeightDropout.P > 0 ? WeightDropout.Forward : null;
        var result = _heads.AttendCore(SplitHeads(QueryProj.Forward(queries)), memory.Keys, memory.Values, causal, firstQueryPosition, dropout);
        var merged = result.Context.Reshape(batch, Heads, tq, HeadDim).Permute(0, 2, 1, 3).Reshape(batch, tq, ModelDim);
        return new AttentionResult(OutProj.Forward(merged), result.Weights.Reshape(batch, Heads, tq, memory.Length));
    }

    /// <summary><see cref="PrepareMemory"/> then <see cref="Attend"/>; self-attention is <c>Forward(x, x, x, mask, causal)</c>.</summary>
    public AttentionResult Forward(Tensor queries, Tensor keys, Tensor values, Tensor? keyMask = null, bool causal = false) =>
        Attend(queries, PrepareMemory(keys, values, keyMask), causal);

    /// <summary>[B, T, h·d_k] → [B·h, T, d_k].</summary>
    private Tensor SplitHeads(Tensor x)
    {
        int batch = x.Dim(0), t = x.Dim(1);
        return x.Reshape(batch, t, Heads, HeadDim).Permute(0, 2, 1, 3).Reshape(batch * Heads, t, HeadDim);
    }

    private void CheckModel(Tensor x, string name)
    {
        if (x.Rank != 3 || x.Dim(2) != ModelDim)
            throw new ArgumentException($"MultiHeadAttention: {name} must be [B, T, {ModelDim}]; got {x.Describe()}.", name);
    }
}
