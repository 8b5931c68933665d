using Heed.Attention;
using Heed.Tensors;
using Heed.Tensors.Kernels;
using Heed.Tensors.Memory;

namespace Heed.Models.Transformer;

/// <summary>
/// The source as the decoder reads it: every decoder layer's cross-attention keys and values, projected once by
/// <see cref="TransformerSeq2Seq.Encode"/> and kept in their [rows, S, d_model] layout (one-query steps read heads as
/// column blocks; a whole-prefix pass splits them into heads through
/// <see cref="MultiHeadAttention.MemoryFromProjections"/>). Immutable; <see cref="Select"/> gathers rows.
/// </summary>
internal sealed class TransformerEncoded(Tensor[] keys, Tensor[] values, Tensor? mask, int[] lengths,
    int expectedSteps, GemmPackedB? outputWeight, PackedDecoderLayer[]? layers) : IEncodedSource
{
    /// <summary>Per decoder layer, K W^K: [rows, S, d_model].</summary>
    public Tensor[] Keys { get; } = keys;

    /// <summary>Per decoder layer, V W^V: [rows, S, d_model].</summary>
    public Tensor[] Values { get; } = values;

    /// <summary>[rows, S] with 1 for a real source position, or null when no row is padded.</summary>
    public Tensor? Mask { get; } = mask;

    /// <summary>Real source length per row.</summary>
    public int[] Lengths { get; } = lengths;

    /// <summary>Steps search said it would take (the caches' first capacity); 0 when unknown.</summary>
    public int ExpectedSteps { get; } = expectedSteps;

    /// <summary>The output layer's weight packed once per search (null with gradients on, which need the live weight).</summary>
    public GemmPackedB? OutputWeight { get; } = outputWeight;

    /// <summary>The decoder layers' weights packed for cached steps (null with gradients on).</summary>
    public PackedDecoderLayer[]? Layers { get; } = layers;

    public int Rows => Lengths.Length;
    public int SourceLength => Keys.Length > 0 ? Keys[0].Dim(1) : Mask?.Dim(1) ?? 0;

    public IEncodedSource Select(int[] rows) => new TransformerEncoded(
        Keys.Select(k => k.SelectBatch(rows)).ToArray(), Values.Select(v => v.SelectBatch(rows)).ToArray(),
        Mask?.SelectBatch(rows), rows.Select(r => Lengths[r]).ToArray(), ExpectedSteps, OutputWeight, Layers);

    public void KeepIn(TensorScope stepScope)
    {
        foreach (var k in Keys) stepScope.Keep(k);
        foreach (var v in Values) stepScope.Keep(v);
        if (Mask is not null) stepScope.Keep(Mask);
        if (Layers is not null) foreach (var layer in Layers) layer.KeepIn(stepScope);
    }
}
