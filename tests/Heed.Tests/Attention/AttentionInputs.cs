using Heed.Tensors;

namespace Heed.Tests.Attention;

/// <summary>Seeded random queries, keys, values and a key mask for the attention tests.</summary>
internal sealed record AttentionInputs(Tensor Queries, Tensor Keys, Tensor Values, Tensor? Mask)
{
    /// <summary>
    /// B = 2, Tq = 2, Tk = 3 by default; row 1 of the mask pads its last key (so masking is always exercised).
    /// </summary>
    public static AttentionInputs Make(int queryDim, int keyDim, int valueDim = 2, int batch = 2, int queries = 2, int keys = 3, int seed = 1, bool mask = true)
    {
        var random = new Random(seed);
        var maskData = new float[batch * keys];
        Array.Fill(maskData, 1f);
        if (batch > 1) maskData[2 * keys - 1] = 0f;
        return new AttentionInputs(
            Uniform(random, [batch, queries, queryDim]),
            Uniform(random, [batch, keys, keyDim]),
            Uniform(random, [batch, keys, valueDim]),
            mask ? Tensor.FromArray(maskData, batch, keys) : null);
    }

    /// <summary>U(−1, 1) values of the given shape.</summary>
    public static Tensor Uniform(Random random, int[] shape, bool requiresGrad = true)
    {
        var data = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < data.Length; i++) data[i] = 2 * random.NextSingle() - 1;
        var t = Tensor.FromArray(data, shape);
        t.RequiresGrad = requiresGrad;
        return t;
    }
}
