using System.Globalization;

namespace Heed.Demo;

/// <summary>The range check behind every demo option, so each message names the option and its valid range alike.</summary>
internal static class DemoChecks
{
    /// <exception cref="HeedInputException">value is outside [min, max]; the message names the option and the range.</exception>
    public static void Range(int value, string option, int min, int max, string why = "")
    {
        if (value < min || value > max)
            throw new HeedInputException(string.Create(CultureInfo.InvariantCulture, $"{option} {value}: must be in [{min}, {max}]{why}."));
    }
}
