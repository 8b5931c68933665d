using System.Globalization;

namespace Heed.Viz;

/// <summary>"Nice" axis ticks: steps of 1, 2 or 5 times a power of ten, with the axis widened to whole steps.</summary>
internal static class AxisTicks
{
    /// <summary>Ticks covering [min, max] with about <paramref name="target"/> intervals; a zero-width range is widened.</summary>
    public static (double Low, double High, double Step, double[] Ticks) Nice(double min, double max, int target = 5)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max)
            throw new ArgumentException($"Axis range [{min}, {max}] is not a finite interval.");
        if (max == min)
        {
            double pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            (min, max) = (min - pad, max + pad);
        }
        double raw = (max - min) / Math.Max(1, target);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double fraction = raw / magnitude;
        double step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
        double low = Math.Floor(min / step) * step, high = Math.Ceiling(max / step) * step;
        int count = (int)Math.Round((high - low) / step);
        // Multiply rather than accumulate so ticks like 0.3 do not drift to 0.30000000000000004.
        var ticks = Enumerable.Range(0, count + 1).Select(i => Math.Round(low + i * step, 12)).ToArray();
        return (low, high, step, ticks);
    }

    /// <summary>Tick label with just enough decimals for <paramref name="step"/>.</summary>
    public static string Label(double value, double step)
    {
        int decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step) + 1e-9));
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
