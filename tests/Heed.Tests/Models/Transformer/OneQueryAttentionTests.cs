using Heed.Attention;
using Heed.Models.Transformer;
using Heed.Tensors;
using Heed.Tests.Attention;

namespace Heed.Tests.Models.Transformer;

public class OneQueryAttentionTests
{
    /// <summary>
    /// Oracle: <see cref="MultiHeadAttention.Attend"/> (the library's masked softmax pipeline over B·h heads) on the same
    /// projections, for rows with 3, 1 and 0 real keys of 3 (the last one fully masked: zero context, zero weights).
    /// </summary>
    [Fact]
    public void EqualsMultiHeadAttention_BetweenTheProjections_WithPaddingAndAnEmptyRow()
    {
        const int d = 6, heads = 3, keys = 3, rows = 3;
        var mha = new MultiHeadAttention(d, heads, new Random(1));
        var random = new Random(2);
        var query = GradientCheck.RandomLeaf(random, 1f, rows, 1, d);
        var memory = GradientCheck.RandomLeaf(random, 1f, rows, keys, d);
        int[] lengths = [3, 1, 0];
        var mask = Tensor.FromArray([1, 1, 1, 1, 0, 0, 0, 0, 0], rows, keys);
        var expected = mha.Attend(query, mha.PrepareMemory(memory, memory, mask));

        var projectedKeys = mha.KeyProj.Forward(memory);
        var projectedValues = mha.ValueProj.Forward(memory);
        var context = Tensor.Empty(rows, d);
        var mean = Tensor.Empty(rows, keys + 1); // wider than the keys: the rest must be zero
        OneQueryAttention.Run(mha.QueryProj.Forward(query.Reshape(rows, d)), d, () => projectedKeys.Span, () => projectedValues.Span,
            keys, heads, r => lengths[r], context, mean);

        Hand.Near(expected.Context.ToArray(), mha.OutProj.Forward(context));
        var w = expected.Weights.ToArray(); // [rows, h, 1, keys]
        var meanExpected = new float[rows * (keys + 1)];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < heads; j++)
                for (int i = 0; i < keys; i++) meanExpected[r * (keys + 1) + i] += w[(r * heads + j) * keys + i] / heads;
        Hand.Near(meanExpected, mean);
    }
}
