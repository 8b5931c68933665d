using Heed.Viz;

namespace Heed.Tests.Viz;

public class AxisTicksTests
{
    [Fact]
    public void Nice_UsesOneTwoFiveSteps()
    {
        // 0..7.37 over 5 intervals: raw step 1.474 rounds up to 2, axis widened to 0..8 (hand computed).
        var (low, high, step, ticks) = AxisTicks.Nice(0, 7.37, 5);
        Assert.Equal((0.0, 8.0, 2.0), (low, high, step));
        Assert.Equal([0.0, 2, 4, 6, 8], ticks);
    }

    [Fact]
    public void Nice_DecimalTicksDoNotDrift()
    {
        // 0.1..0.3: raw 0.04 rounds up to 0.05; ticks must be the exact decimals, not 0.15000000000000002.
        var (_, _, step, ticks) = AxisTicks.Nice(0.1, 0.3, 5);
        Assert.Equal(0.05, step, 12);
        Assert.Equal([0.1, 0.15, 0.2, 0.25, 0.3], ticks);
        Assert.Equal("0.15", AxisTicks.Label(0.15, step));
    }

    [Fact]
    public void Nice_WidensAZeroRange()
    {
        var (low, high, _, _) = AxisTicks.Nice(5, 5);
        Assert.True(low < 5 && high > 5);
    }
}
