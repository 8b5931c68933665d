namespace Heed.Tensors;

/// <summary>Shape arithmetic and the messages that name shapes when they do not fit.</summary>
internal static class ShapeOf
{
    public static int Count(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape) n *= d;
        return n <= Array.MaxLength ? (int)n : throw new ArgumentException($"Shape {Format(shape)} has too many elements ({n}).");
    }

    public static int[] Validate(int[] shape)
    {
        foreach (int d in shape)
            if (d < 0) throw new ArgumentException($"Shape {Format(shape)} has a negative dimension.");
        Count(shape);
        return (int[])shape.Clone();
    }

    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>Normalises a possibly negative axis; throws naming the op when out of range.</summary>
    public static int Axis(int axis, int rank, string op)
    {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw new ArgumentOutOfRangeException(nameof(axis), $"{op}: axis {axis} is out of range for rank {rank}.");
        return a;
    }

    public static int FlatIndex(ReadOnlySpan<int> shape, int[] index)
    {
        if (index.Length != shape.Length)
            throw new ArgumentException($"Index of rank {index.Length} for a tensor of shape {Format(shape)}.");
        int flat = 0;
        for (int i = 0; i < shape.Length; i++)
        {
            if ((uint)index[i] >= (uint)shape[i])
                throw new IndexOutOfRangeException($"Index {index[i]} out of range for dimension {i} of shape {Format(shape)}.");
            flat = flat * shape[i] + index[i];
        }
        return flat;
    }

    /// <summary>Product of the dimensions before <paramref name="axis"/>.</summary>
    public static int Outer(ReadOnlySpan<int> shape, int axis)
    {
        int n = 1;
        for (int i = 0; i < axis; i++) n *= shape[i];
        return n;
    }

    /// <summary>Product of the dimensions after <paramref name="axis"/>.</summary>
    public static int Inner(ReadOnlySpan<int> shape, int axis)
    {
        int n = 1;
        for (int i = axis + 1; i < shape.Length; i++) n *= shape[i];
        return n;
    }

    public static bool EndsWith(ReadOnlySpan<int> shape, ReadOnlySpan<int> suffix) =>
        suffix.Length <= shape.Length && shape[(shape.Length - suffix.Length)..].SequenceEqual(suffix);
}
