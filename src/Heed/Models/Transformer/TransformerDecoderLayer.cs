using Heed.Attention;
using Heed.Config;
using Heed.Tensors;
using Heed.Tensors.Nn;

namespace Heed.Models.Transformer;

/// <summary>
/// One decoder layer (Vaswani et al. 2017, §3.1): causal multi-head self-attention over the target prefix,
/// multi-head attention to the encoder's output, then the position-wise feed-forward block, each inside a
/// <see cref="ResidualBlock"/>. Parameters: <c>self_attn</c>, <c>cross_attn</c>, <c>ff</c> and the blocks' norms.
/// </summary>
/// <remarks>
/// Two forms of one function: <see cref="Forward"/> over a whole prefix at once (training, and the recomputing
/// step), and <see cref="Step"/> for one new position whose earlier keys and values come from a
/// <see cref="KeyValueCache"/> (search). The target's padding needs no mask: it comes after every real position, and
/// the causal mask already hides later positions from earlier ones.
/// </remarks>
internal sealed class TransformerDecoderLayer : Module
{
    private readonly ResidualBlock _selfBlock;
    private readonly ResidualBlock _crossBlock;
    private readonly ResidualBlock _feedForwardBlock;

    public MultiHeadAttention SelfAttention { get; }
    public MultiHeadAttention CrossAttention { get; }
    public FeedForward FeedForward { get; }

    public TransformerDecoderLayer(TransformerConfig config, Random random)
    {
        bool pre = config.Norm == "pre";
        float p = (float)config.Dropout, pa = (float)config.AttentionDropout;
        SelfAttention = RegisterModule("self_attn", new MultiHeadAttention(config.ModelDim, config.Heads, random, pa, random.Next()));
        CrossAttention = RegisterModule("cross_attn", new MultiHeadAttention(config.ModelDim, config.Heads, random, pa, random.Next()));
        FeedForward = RegisterModule("ff", new FeedForward(config.ModelDim, config.FeedForward, config.Activation, p, random));
        _selfBlock = RegisterModule("self_attn_block", new ResidualBlock(config.ModelDim, pre, p, random));
        _crossBlock = RegisterModule("cross_attn_block", new ResidualBlock(config.ModelDim, pre, p, random));
        _feedForwardBlock = RegisterModule("ff_block", new ResidualBlock(config.ModelDim, pre, p, random));
    }

    /// <summary>The layer over a whole target prefix.</summary>
    /// <param name="y">[B, T, d_model]</param>
    /// <param name="memory">the encoder's output as this layer's cross-attention keys and values
    /// (<see cref="MultiHeadAttention.MemoryFromProjections"/> of <see cref="CrossAttention"/>)</param>
    /// <returns>output [B, T, d_model], self-attention weights [B, h, T, T], cross-attention weights [B, h, T, S]</returns>
    public (Tensor Output, Tensor SelfWeights, Tensor CrossWeights) Forward(Tensor y, MultiHeadMemory memory)
    {
        Tensor selfWeights = null!, crossWeights = null!;
        var h = _selfBlock.Apply(y, n =>
        {
            var result = SelfAttention.Forward(n, n, n, causal: true);
            selfWeights = result.Weights;
            return result.Context;
        });
        h = _crossBlock.Apply(h, n =>
        {
            var result = CrossAttention.Attend(n, memory);
            crossWeights = result.Weights;
            return result.Context;
        });
        return (_feedForwardBlock.Apply(h, FeedForward.Forward), selfWeights, crossWeights);
    }

    /// <summary>The layer at one new position per row, attending to the cached earlier positions (no-grad search).</summary>
    /// <param name="y">[rows, d_model], the layer's input at the new position</param>
    /// <param name="packed">this layer's weights packed for the step (<see cref="PackedDecoderLayer"/>)</param>
    /// <param name="cache">the self-attention keys and values of the earlier positions</param>
    /// <param name="crossKeys">K W^K of the encoder output, [rows, S, d_model]</param>
    /// <param name="crossValues">V W^V, [rows, S, d_model]</param>
    /// <param name="sourceLengths">real source length per row</param>
    /// <param name="meanCrossWeights">written when not null: [rows, S], the cross-attention weights averaged over heads</param>
    /// <returns>the output [rows, d_model] and the cache with the new position appended</returns>
    public (Tensor Output, KeyValueCache Cache) Step(Tensor y, PackedDecoderLayer packed, KeyValueCache cache, Tensor crossKeys,
        Tensor crossValues, int[] sourceLengths, Tensor? meanCrossWeights)
    {
        int rows = y.Dim(0), d = y.Dim(1);
        var h = _selfBlock.Apply(y, n =>
        {
            var qkv = Ops.Linear(n, packed.SelfProjections, packed.SelfBias);                   // [rows, 3d]: q; k; v
            cache = cache.Append(qkv, keyColumn: d, valueColumn: 2 * d);
            var context = Tensor.Empty(rows, d);
            var (keys, values, length) = (cache.Keys, cache.Values, cache.Length);
            OneQueryAttention.Run(qkv, 3 * d, () => keys, () => values, cache.Capacity, SelfAttention.Heads, _ => length, context, null);
            return Ops.Linear(context, packed.SelfOut, SelfAttention.OutProj.Bias);
        });
        h = _crossBlock.Apply(h, n =>
        {
            var context = Tensor.Empty(rows, d);
            OneQueryAttention.Run(Ops.Linear(n, packed.CrossQuery, CrossAttention.QueryProj.Bias), d, () => crossKeys.Span, () => crossValues.Span,
                crossKeys.Dim(1), CrossAttention.Heads, r => sourceLengths[r], context, meanCrossWeights);
            return Ops.Linear(context, packed.CrossOut, CrossAttention.OutProj.Bias);
        });
        return (_feedForwardBlock.Apply(h, x => FeedForward.Forward(x, packed.Inner, packed.Outer)), cache);
    }
}
