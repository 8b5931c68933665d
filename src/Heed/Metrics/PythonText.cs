using System.Globalization;
using System.Text;

namespace Heed.Metrics;

/// <summary>
/// The few Python <c>str</c> behaviours sacreBLEU's numbers depend on (<c>split()</c>, <c>rstrip()</c>,
/// <c>lower()</c>, iteration by code point). .NET differs in small ways, and any difference changes scores.
/// </summary>
internal static class PythonText
{
    /// <summary>
    /// Python's <c>str.isspace</c>: .NET's <see cref="char.IsWhiteSpace(char)"/> plus U+001C..U+001F,
    /// which Python counts as separators (bidi class B/S) and .NET does not.
    /// </summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || (c >= '\u001C' && c <= '\u001F');

    /// <summary>Python's <c>s.split()</c>: runs of whitespace separate fields; no empty fields.</summary>
    public static List<string> Split(string s)
    {
        var fields = new List<string>();
        int i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && IsSpace(s[i])) i++;
            int start = i;
            while (i < s.Length && !IsSpace(s[i])) i++;
            if (i > start) fields.Add(s[start..i]);
        }
        return fields;
    }

    /// <summary>Python's <c>s.rstrip()</c>.</summary>
    public static string RStrip(string s)
    {
        int end = s.Length;
        while (end > 0 && IsSpace(s[end - 1])) end--;
        return end == s.Length ? s : s[..end];
    }

    /// <summary>Python's <c>"".join(s.split())</c>: the text with every whitespace character removed.</summary>
    public static string RemoveSpace(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s)
            if (!IsSpace(c)) sb.Append(c);
        return sb.Length == s.Length ? s : sb.ToString();
    }

    /// <summary>
    /// Python's <c>str.lower()</c>: the simple lowercase mapping per code point, plus the two
    /// language-independent full mappings Python applies and .NET does not: U+0130 (İ) becomes "i̇"
    /// (two code points), and Σ becomes final ς at the end of a word (Unicode's Final_Sigma condition).
    /// </summary>
    public static string Lower(string s)
    {
        var sb = new StringBuilder(s.Length);
        int i = 0;
        while (i < s.Length)
        {
            if (!Rune.TryGetRuneAt(s, i, out Rune r))
            {
                // A lone surrogate has no case mapping; Python would keep it too.
                sb.Append(s[i++]);
                continue;
            }
            if (r.Value == 0x0130)
                sb.Append("i\u0307");
            else if (r.Value == 0x03A3)
                sb.Append(IsFinalSigma(s, i) ? 'ς' : 'σ');
            else
                sb.Append(Rune.ToLowerInvariant(r).ToString());
            i += r.Utf16SequenceLength;
        }
        return sb.ToString();
    }

    /// <summary>
    /// Start offsets (UTF-16 units) of each code point of <paramref name="s"/>, with <c>s.Length</c> appended,
    /// so Python's <c>s[i:i+n]</c> is <c>s[offsets[i]..offsets[i+n]]</c>. A lone surrogate counts as one code point.
    /// </summary>
    public static int[] CodePointOffsets(string s)
    {
        var offsets = new List<int>(s.Length + 1);
        int i = 0;
        while (i < s.Length)
        {
            offsets.Add(i);
            i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
        }
        offsets.Add(s.Length);
        return [.. offsets];
    }

    // Final_Sigma: a cased letter (then case-ignorables) before, and no case-ignorables-then-cased-letter after.
    private static bool IsFinalSigma(string s, int at)
    {
        int j = at;
        bool casedBefore = false;
        while (j > 0)
        {
            int start = j >= 2 && char.IsLowSurrogate(s[j - 1]) && char.IsHighSurrogate(s[j - 2]) ? j - 2 : j - 1;
            if (!Rune.TryGetRuneAt(s, start, out Rune r)) break;
            j = start;
            if (IsCaseIgnorable(r)) continue;
            casedBefore = IsCased(r);
            break;
        }
        if (!casedBefore) return false;
        j = at + 1;
        while (j < s.Length && Rune.TryGetRuneAt(s, j, out Rune r))
        {
            j += r.Utf16SequenceLength;
            if (!IsCaseIgnorable(r)) return !IsCased(r);
        }
        return true;
    }

    private static bool IsCased(Rune r)
    {
        var category = Rune.GetUnicodeCategory(r);
        return category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            || Rune.ToLowerInvariant(r) != r || Rune.ToUpperInvariant(r) != r;
    }

    private static bool IsCaseIgnorable(Rune r)
    {
        var category = Rune.GetUnicodeCategory(r);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
            or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol)
            return true;
        // Word_Break MidLetter, MidNumLet and Single_Quote, which Unicode also counts as case-ignorable.
        return r.Value is '\'' or '.' or ':' or 0x00B7 or 0x0387 or 0x055F or 0x05F4 or 0x2018 or 0x2019
            or 0x2024 or 0x2027 or 0xFE13 or 0xFE52 or 0xFE55 or 0xFF07 or 0xFF0E or 0xFF1A;
    }
}
