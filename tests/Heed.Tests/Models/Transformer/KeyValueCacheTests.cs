using Heed.Models.Transformer;
using Heed.Tensors;

namespace Heed.Tests.Models.Transformer;

public class KeyValueCacheTests
{
    private static Tensor Position(float key, float value) => Tensor.FromArray([key, key + 1, value, value + 1], 1, 4); // [k; v], width 2

    private static float[] Keys(KeyValueCache c) =>
        Enumerable.Range(0, c.Length).SelectMany(i => c.Keys.AsSpan(i * c.Width, c.Width).ToArray()).ToArray();

    [Fact]
    public void Append_GrowsByDoubling_ThenWritesInPlace()
    {
        var c1 = KeyValueCache.Empty(rows: 1, width: 2, capacity: 1).Append(Position(1, 10), 0, 2);
        var c2 = c1.Append(Position(2, 20), 0, 2); // grows to 2
        var c3 = c2.Append(Position(3, 30), 0, 2); // grows to 4
        var c4 = c3.Append(Position(4, 40), 0, 2); // fits: the same store
        Assert.Equal(4, c3.Capacity);
        Assert.Same(c3.Keys, c4.Keys);
        Assert.Equal([1f, 2f, 2f, 3f, 3f, 4f, 4f, 5f], Keys(c4));
        Assert.Equal([40f, 41f], c4.Values.AsSpan(3 * 2, 2).ToArray());
    }

    [Fact]
    public void AppendingToAnOlderCache_Forks_AndLeavesTheNewerOneAsItWas()
    {
        var c1 = KeyValueCache.Empty(1, 2, capacity: 8).Append(Position(1, 10), 0, 2);
        var c2 = c1.Append(Position(2, 20), 0, 2);
        var other = c1.Append(Position(7, 70), 0, 2);
        Assert.NotSame(c2.Keys, other.Keys);
        Assert.Equal([1f, 2f, 2f, 3f], Keys(c2));
        Assert.Equal([1f, 2f, 7f, 8f], Keys(other));
        Assert.Same(other.Keys, other.Append(Position(8, 80), 0, 2).Keys); // the fork appends in place from then on
    }

    [Fact]
    public void Select_GathersRows_RepeatsIncluded()
    {
        var c = KeyValueCache.Empty(2, 2, 4).Append(Tensor.FromArray([1, 2, 10, 11, 5, 6, 50, 51], 2, 4), 0, 2);
        var s = c.Select([1, 1, 0]);
        Assert.Equal(3, s.Rows);
        Assert.Equal([5f, 6f], s.Keys.AsSpan(0, 2).ToArray());
        Assert.Equal([5f, 6f], s.Keys.AsSpan(4 * 2, 2).ToArray());
        Assert.Equal([10f, 11f], s.Values.AsSpan(2 * 4 * 2, 2).ToArray());
    }
}
