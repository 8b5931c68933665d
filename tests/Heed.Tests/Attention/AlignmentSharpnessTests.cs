using Heed.Attention;

namespace Heed.Tests.Attention;

public class AlignmentSharpnessTests
{
    [Fact]
    public void Rows_ByHand()
    {
        // One-hot: H = 0, top 1. Uniform over 2: H = ln 2, top 0.5. A local-p row [0.3, 0.1] (sum 0.4) reads as
        // [0.75, 0.25]: H = −(0.75 ln 0.75 + 0.25 ln 0.25) = 0.5623351, top 0.75. An all-zero row is skipped.
        // Uniform entropies: ln 3, ln 2, ln 2.
        var s = AlignmentSharpness.Of([[0f, 1f, 0f], [0.5f, 0.5f], [0.3f, 0.1f], [0f, 0f]]);
        Assert.Equal(3, s.Rows);
        Assert.Equal((0 + Math.Log(2) + 0.5623351) / 3, s.MeanEntropy, 6);
        Assert.Equal((1 + 0.5 + 0.75) / 3, s.MeanTopShare, 6);
        Assert.Equal((Math.Log(3) + 2 * Math.Log(2)) / 3, s.MeanUniformEntropy, 6);
    }

    [Fact]
    public void NoRows_AreZeros_NotNaN() => Assert.Equal(new AlignmentSharpness(0, 0, 0, 0), AlignmentSharpness.Of([]));
}
