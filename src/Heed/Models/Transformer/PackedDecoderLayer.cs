using Heed.Tensors;
using Heed.Tensors.Kernels;
using Heed.Tensors.Memory;

namespace Heed.Models.Transformer;

/// <summary>
/// One decoder layer's weights packed for the GEMM once per search call, for its one-position steps: with 1–100 rows
/// a step's product costs little more than packing its [d, d] weight, which every call would otherwise repeat. The
/// self-attention's W^Q, W^K, W^V are packed as one [3·d_model, d_model] map, so a step projects the new position
/// with a single product. Snapshots: valid until the weights change (an encoding made under no-grad carries them).
/// </summary>
internal sealed class PackedDecoderLayer
{
    /// <param name="layer">the layer whose current weights are packed</param>
    public PackedDecoderLayer(TransformerDecoderLayer layer)
    {
        var self = layer.SelfAttention;
        using (TensorScope.Begin()) // the concatenated weight is needed only until it is packed
            SelfProjections = Ops.PackLinearWeight(Ops.Concat([self.QueryProj.Weight, self.KeyProj.Weight, self.ValueProj.Weight], 0));
        SelfBias = Ops.Concat([self.QueryProj.Bias!, self.KeyProj.Bias!, self.ValueProj.Bias!], 0); // lives with the encoding
        SelfOut = Ops.PackLinearWeight(self.OutProj.Weight);
        CrossQuery = Ops.PackLinearWeight(layer.CrossAttention.QueryProj.Weight);
        CrossOut = Ops.PackLinearWeight(layer.CrossAttention.OutProj.Weight);
        Inner = Ops.PackLinearWeight(layer.FeedForward.Inner.Weight);
        Outer = Ops.PackLinearWeight(layer.FeedForward.Outer.Weight);
    }

    /// <summary>[W^Q; W^K; W^V] of the self-attention: x ↦ [q; k; v], [3·d_model] per row.</summary>
    public GemmPackedB SelfProjections { get; }

    /// <summary>[b^Q; b^K; b^V], [3·d_model].</summary>
    public Tensor SelfBias { get; }

    public GemmPackedB SelfOut { get; }
    public GemmPackedB CrossQuery { get; }
    public GemmPackedB CrossOut { get; }
    public GemmPackedB Inner { get; }
    public GemmPackedB Outer { get; }

    /// <summary>Hands the one scoped tensor (the fused bias) to the enclosing scope.</summary>
    public void KeepIn(TensorScope stepScope) => stepScope.Keep(SelfBias);
}
