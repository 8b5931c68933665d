using Heed.Viz;

namespace Heed.Tests.Viz;

public class MemoryWeightingPictureTests
{
    private static float[] OneHot(int n, int i) { var w = new float[n]; w[i] = 1; return w; }

    [Fact]
    public void Crop_KeepsTheUsedBandWithTwoLocationsEachSide_TimeAcross()
    {
        var m = MemoryWeightingPicture.Matrix([OneHot(20, 5), OneHot(20, 6), OneHot(20, 7)], "t");
        Assert.Equal(["3", "4", "5", "6", "7", "8", "9"], m.OutputTokens);   // rows: locations 5–7 and two each side
        Assert.Equal(["1", "2", "3"], m.SourceTokens);                        // columns: steps
        Assert.Equal(1f, m[2, 0]);                                            // location 5 at step 1
        Assert.Equal(1f, m[4, 2]);                                            // location 7 at step 3
    }

    [Fact]
    public void Crop_FollowsABandThatWrapsAroundTheMemory()
    {
        var m = MemoryWeightingPicture.Matrix([OneHot(20, 18), OneHot(20, 19), OneHot(20, 0)], "t");
        Assert.Equal(["16", "17", "18", "19", "0", "1", "2"], m.OutputTokens);
    }

    [Fact]
    public void NothingFocused_DrawsEveryLocation()
    {
        var uniform = Enumerable.Repeat(0.025f, 40).ToArray();
        Assert.Equal(40, MemoryWeightingPicture.Matrix([uniform], "t").Rows);
    }
}
