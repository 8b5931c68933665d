using Heed.Tensors;

namespace Heed.Tests.Attention;

/// <summary>Small hand-written tensors for the worked examples.</summary>
internal static class Hand
{
    /// <summary>A [1, rows, cols] tensor from rows of numbers.</summary>
    public static Tensor Batch1(params float[][] rows) =>
        Tensor.FromArray(rows.SelectMany(r => r).ToArray(), 1, rows.Length, rows[0].Length);

    /// <summary>Asserts element-wise equality within 1e-5 (float32 arithmetic on O(1) numbers).</summary>
    public static void Near(float[] expected, Tensor actual, float tolerance = 1e-5f)
    {
        var a = actual.ToArray();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(expected[i] - a[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {a[i]} (all: {string.Join(", ", a)}).");
    }

    /// <summary>Two keys' values used by every worked example: v₁ = [4, 0], v₂ = [0, 8], so context = [4a₁, 8a₂].</summary>
    public static Tensor TwoValues() => Batch1([4f, 0f], [0f, 8f]);
}
