namespace Heed.Viz;

/// <summary>
/// The single-hue colour ramp used for attention weights: 0 is white, 1 is a dark blue.
/// </summary>
/// <remarks>
/// The ramp is interpolated in CIE L*a*b*, so perceived lightness falls evenly with the weight (a plain RGB blend
/// looks washed out in the middle and bunches the dark end), and lightness is strictly decreasing, so a darker
/// cell always means a larger weight.
/// </remarks>
public static class WeightColors
{
    // Endpoints in L*a*b* (D65): paper white and a deep blue that stays inside the sRGB gamut.
    private const double L0 = 100, A0 = 0, B0 = 0;
    private const double L1 = 22, A1 = 12, B1 = -48;

    /// <summary>Colour for <paramref name="weight"/>; values outside [0, 1] are clamped, NaN is treated as 0.</summary>
    public static Rgb For(double weight)
    {
        double t = double.IsNaN(weight) ? 0 : Math.Clamp(weight, 0, 1);
        return FromLab(L0 + (L1 - L0) * t, A0 + (A1 - A0) * t, B0 + (B1 - B0) * t);
    }

    /// <summary>Colour for text drawn on top of the colour for <paramref name="weight"/> (black on light, white on dark).</summary>
    public static Rgb TextOn(double weight) => For(weight).Luminance() > 0.18 ? new Rgb(0, 0, 0) : new Rgb(255, 255, 255);

    private static Rgb FromLab(double l, double a, double b)
    {
        // L*a*b* -> XYZ (D65 white) -> linear sRGB -> gamma-encoded sRGB.
        double fy = (l + 16) / 116, fx = fy + a / 500, fz = fy - b / 200;
        double x = 0.95047 * InverseF(fx), y = 1.0 * InverseF(fy), z = 1.08883 * InverseF(fz);
        double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
        double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
        double bl = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
        return new Rgb(Encode(r), Encode(g), Encode(bl));
    }

    private static double InverseF(double t)
    {
        const double delta = 6.0 / 29;
        return t > delta ? t * t * t : 3 * delta * delta * (t - 4.0 / 29);
    }

    private static byte Encode(double linear)
    {
        double c = Math.Clamp(linear, 0, 1);
        double s = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.Pow(c, 1 / 2.4) - 0.055;
        return (byte)Math.Round(s * 255);
    }
}
