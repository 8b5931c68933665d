using Heed.Viz;

namespace Heed.Tests.Viz;

public class WeightColorsTests
{
    [Fact]
    public void ZeroIsWhite_AndLuminanceFallsStrictlyWithWeight()
    {
        Assert.Equal(new Rgb(255, 255, 255), WeightColors.For(0));
        double previous = double.MaxValue;
        for (int i = 0; i <= 100; i++)
        {
            double y = WeightColors.For(i / 100.0).Luminance();
            Assert.True(y < previous, $"luminance at {i / 100.0} is {y}, not below {previous}");
            previous = y;
        }
        // Dark end must be dark enough for contrast against white (WCAG relative luminance well below 0.1).
        Assert.True(previous < 0.06, $"darkest luminance {previous}");
    }

    [Fact]
    public void Hex_IsLowerCaseSixDigits()
    {
        // 0x08 = 8, 0x30 = 48, 0x6b = 107.
        Assert.Equal("#08306b", new Rgb(8, 48, 107).ToHex());
    }
}
