using System.Globalization;
using System.Text;

namespace Heed.Viz;

/// <summary>Small helpers shared by the SVG and HTML writers: escaping and culture-independent numbers.</summary>
internal static class Markup
{
    /// <summary>
    /// Escapes text for XML/HTML content and attribute values. Characters XML 1.0 forbids (control characters,
    /// unpaired surrogates) become U+FFFD so that a stray byte in a token cannot make the whole document unreadable.
    /// </summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[++i]);
                    }
                    else if (char.IsSurrogate(c) || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == '\uFFFE' || c == '\uFFFF')
                    {
                        sb.Append('\uFFFD');
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A coordinate or size with at most two decimals, invariant culture.</summary>
    public static string Num(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A weight for tooltips and data attributes: four decimals, invariant culture.</summary>
    public static string Weight(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>
    /// Conservative width estimate of <paramref name="text"/> in a sans-serif font of <paramref name="fontSize"/> pixels.
    /// SVG text has no layout engine at write time, so margins are sized from this over-estimate to avoid clipping.
    /// </summary>
    public static double TextWidth(string text, double fontSize)
    {
        double em = 0;
        foreach (Rune r in text.EnumerateRunes())
        {
            int v = r.Value;
            if (Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark) continue;
            // East Asian wide characters and emoji take a full em; capitals and wide Latin letters about 0.75.
            if (v >= 0x1100 && (v <= 0x115F || (v >= 0x2E80 && v <= 0xA4CF) || (v >= 0xAC00 && v <= 0xD7A3) ||
                                (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFF00 && v <= 0xFF60) || v >= 0x1F300))
                em += 1.0;
            else if (v is 'm' or 'w' or 'M' or 'W' or '@' or '%')
                em += 0.9;
            else if (Rune.IsUpper(r))
                em += 0.72;
            else if (v is 'i' or 'l' or 'j' or '.' or ',' or '\'' or ':' or ';' or '|' or '!' or ' ')
                em += 0.32;
            else
                em += 0.6;
        }
        return em * fontSize;
    }
}
