using Heed.Attention;
using Heed.Tensors;

namespace Heed.Tests.Attention;

public class ProjectedKeysTests
{
    [Fact]
    public void Select_ExpandsForBeamSearch_LikePreparingTheExpandedBatch()
    {
        // Oracle: preparing keys that were expanded first must equal expanding prepared keys.
        var attention = new AdditiveAttention(3, 4, 5, new Random(6));
        var inputs = AttentionInputs.Make(3, 4);
        int[] beams = [1, 1, 0, 1];
        var selected = attention.PrepareKeys(inputs.Keys, inputs.Mask).Select(beams);
        var direct = attention.PrepareKeys(inputs.Keys.SelectBatch(beams), inputs.Mask!.SelectBatch(beams));
        Assert.Equal(direct.Projected.ToArray(), selected.Projected.ToArray());
        Assert.Equal(direct.Mask!.ToArray(), selected.Mask!.ToArray());
        Assert.Equal([2, 2, 3, 2], Enumerable.Range(0, 4).Select(selected.RealLength));
    }

    [Fact]
    public void Select_LeavesTheOriginalUntouched()
    {
        var attention = new DotAttention(3);
        var inputs = AttentionInputs.Make(3, 3);
        var prepared = attention.PrepareKeys(inputs.Keys, inputs.Mask);
        var before = prepared.Projected.ToArray();
        _ = prepared.Select([1, 0]);
        Assert.Equal(before, prepared.Projected.ToArray());
        Assert.Equal(2, prepared.BatchSize);
    }

    [Fact]
    public void Select_OutOfRange_ThrowsNamingTheIndex()
    {
        var prepared = new DotAttention(3).PrepareKeys(AttentionInputs.Make(3, 3).Keys);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => prepared.Select([0, 2]));
        Assert.Contains("index 2", e.Message);
    }

    [Fact]
    public void RealLength_CountsKeptKeys()
    {
        var mask = Tensor.FromArray([1f, 1f, 0f, 1f, 0f, 0f], 2, 3);
        var prepared = new DotAttention(3).PrepareKeys(AttentionInputs.Make(3, 3).Keys, mask);
        Assert.Equal(2, prepared.RealLength(0));
        Assert.Equal(1, prepared.RealLength(1));
    }
}
