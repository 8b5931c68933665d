using Heed.Attention;
using Heed.Config;
using Heed.Tensors;
using Heed.Tensors.Nn;

namespace Heed.Models.Transformer;

/// <summary>
/// One encoder layer (Vaswani et al. 2017, §3.1): multi-head self-attention over the source, then the position-wise
/// feed-forward block, each inside a <see cref="ResidualBlock"/>. Parameters: <c>self_attn</c>, <c>ff</c>,
/// <c>self_attn_block.norm</c>, <c>ff_block.norm</c>.
/// </summary>
internal sealed class TransformerEncoderLayer : Module
{
    private readonly ResidualBlock _attentionBlock;
    private readonly ResidualBlock _feedForwardBlock;

    public MultiHeadAttention SelfAttention { get; }
    public FeedForward FeedForward { get; }

    public TransformerEncoderLayer(TransformerConfig config, Random random)
    {
        bool pre = config.Norm == "pre";
        float p = (float)config.Dropout;
        SelfAttention = RegisterModule("self_attn", new MultiHeadAttention(config.ModelDim, config.Heads, random, (float)config.AttentionDropout, random.Next()));
        FeedForward = RegisterModule("ff", new FeedForward(config.ModelDim, config.FeedForward, config.Activation, p, random));
        _attentionBlock = RegisterModule("self_attn_block", new ResidualBlock(config.ModelDim, pre, p, random));
        _feedForwardBlock = RegisterModule("ff_block", new ResidualBlock(config.ModelDim, pre, p, random));
    }

    /// <param name="x">[B, S, d_model]</param>
    /// <param name="keyMask">[B, S], 1 for a real source position and 0 for padding; null when none is padding</param>
    /// <returns>the layer's output [B, S, d_model] and the self-attention weights [B, h, S, S]</returns>
    public (Tensor Output, Tensor Weights) Forward(Tensor x, Tensor? keyMask)
    {
        Tensor weights = null!;
        var attended = _attentionBlock.Apply(x, n =>
        {
            var result = SelfAttention.Forward(n, n, n, keyMask);
            weights = result.Weights;
            return result.Context;
        });
        return (_feedForwardBlock.Apply(attended, FeedForward.Forward), weights);
    }
}
