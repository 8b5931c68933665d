using System.Globalization;
using System.Text;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace Heed.Viz;

/// <summary>
/// The outline fonts the PNG labels are drawn with, found through the system's font configuration: DejaVu Sans when
/// installed (the SVG's first choice, so both pictures look alike), else fontconfig's default sans-serif; a character
/// the main font lacks (CJK, say) comes from whichever installed font fontconfig finds for it.
/// </summary>
/// <remarks>
/// Text is NFC-normalised, split into grapheme clusters, grouped into runs that one font covers, and each run is
/// shaped with HarfBuzz, so combining marks sit on their letters and scripts that need shaping come out right.
/// Typefaces are immutable and shared; the HarfBuzz shapers are cached per instance, so use one instance per thread.
/// </remarks>
internal sealed class LabelFont : IDisposable
{
    private static readonly string[] Families = ["DejaVu Sans", "Arial", "Helvetica", "sans-serif"];
    private readonly SKTypeface _primary;
    private readonly SKTypeface? _bold;
    private readonly Func<int, SKTypeface?> _fallback;
    private readonly Dictionary<SKTypeface, SKShaper> _shapers = [];
    private readonly SortedSet<string> _missing = new(StringComparer.Ordinal);

    /// <param name="primary">The font tried first for every character.</param>
    /// <param name="fallback">A font for a code point the primary lacks, or null when none has it.</param>
    /// <param name="bold">The primary's bold face, or null to thicken the primary's strokes instead.</param>
    public LabelFont(SKTypeface primary, Func<int, SKTypeface?> fallback, SKTypeface? bold = null)
    {
        _primary = primary;
        _fallback = fallback;
        _bold = bold;
    }

    /// <summary>Family name of the main font.</summary>
    public string FamilyName => _primary.FamilyName;

    /// <summary>Characters drawn so far that no installed font has (they show as the font's missing-glyph box).</summary>
    public IReadOnlyCollection<string> Missing => _missing;

    /// <summary>
    /// The system's fonts, or null with <paramref name="problem"/> saying why there are none to use: the native
    /// SkiaSharp library did not load (e.g. libfontconfig1 is missing) or fontconfig knows no font with Latin letters.
    /// </summary>
    public static LabelFont? FromSystem(out string? problem)
    {
        try
        {
            var manager = SKFontManager.Default;
            foreach (string family in Families)
            {
                using var style = new SKFontStyle(SKFontStyleWeight.Normal, SKFontStyleWidth.Normal, SKFontStyleSlant.Upright);
                var typeface = manager.MatchFamily(family, style);
                if (typeface is not null && typeface.GlyphCount > 0 && Covers(typeface, "Aa0"))
                {
                    problem = null;
                    string name = typeface.FamilyName;
                    using var boldStyle = new SKFontStyle(SKFontStyleWeight.Bold, SKFontStyleWidth.Normal, SKFontStyleSlant.Upright);
                    var bold = manager.MatchFamily(name, boldStyle);
                    if (bold is not null && (bold.FontWeight < (int)SKFontStyleWeight.SemiBold || bold.FamilyName != name)) bold = null;
                    return new LabelFont(typeface, codepoint => manager.MatchCharacter(name, codepoint), bold);
                }
            }
            problem = "fontconfig found no font with Latin letters (on Debian: apt-get install fonts-dejavu-core)";
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            problem = $"the SkiaSharp native library could not be loaded ({e.GetType().Name}: {Innermost(e).Message}; on Debian: apt-get install libfontconfig1)";
            return null;
        }
    }

    /// <summary>Width of <paramref name="text"/> at <paramref name="size"/> pixels, as <see cref="Draw"/> draws it.</summary>
    public double Measure(string text, double size) => Measure(text, size, bold: false);

    /// <summary>As <see cref="Measure(string, double)"/>, in bold when <paramref name="bold"/>.</summary>
    public double Measure(string text, double size, bool bold)
    {
        double width = 0;
        foreach (var (typeface, run) in Runs(text, bold))
        {
            using var font = Font(typeface, size);
            width += Shaper(typeface).Shape(run, font).Width;
        }
        return width;
    }

    /// <summary>Distance from the baseline to the middle of the font's ascent–descent box (what SVG calls central).</summary>
    public double CentralOffset(double size)
    {
        using var font = Font(_primary, size);
        var m = font.Metrics;
        return -(m.Ascent + m.Descent) / 2; // Ascent is negative (above the baseline), Descent positive.
    }

    /// <summary>Draws <paramref name="text"/> starting at (x, baseline) in the canvas's current coordinates.</summary>
    /// <param name="canvas">where to draw</param>
    /// <param name="text">the label, any script: characters the primary face lacks come from a fallback face</param>
    /// <param name="x">the pen's start, in canvas units</param>
    /// <param name="baseline">the baseline's y, in canvas units</param>
    /// <param name="size">the font size, in canvas units</param>
    /// <param name="paint">the colour and antialiasing to draw with</param>
    /// <param name="bold">Draw in the bold face (text the primary lacks, or all of it when there is no bold face,
    /// gets thickened strokes, which keep the advances).</param>
    public void Draw(SKCanvas canvas, string text, double x, double baseline, double size, SKPaint paint, bool bold = false)
    {
        float pen = (float)x;
        foreach (var (typeface, run) in Runs(text, bold))
        {
            using var font = Font(typeface, size);
            font.Embolden = bold && !ReferenceEquals(typeface, _bold);
            var shaper = Shaper(typeface);
            canvas.DrawShapedText(shaper, run, pen, (float)baseline, SKTextAlign.Left, font, paint);
            pen += shaper.Shape(run, font).Width;
        }
    }

    /// <summary>Runs of whole grapheme clusters, each with the font that has every glyph of it.</summary>
    private IEnumerable<(SKTypeface Typeface, string Text)> Runs(string text, bool bold)
    {
        foreach (var (typeface, run) in Runs(text))
            yield return bold && _bold is not null && ReferenceEquals(typeface, _primary) && Covers(_bold, run) ? (_bold, run) : (typeface, run);
    }

    private IEnumerable<(SKTypeface Typeface, string Text)> Runs(string text)
    {
        var run = new StringBuilder();
        SKTypeface? current = null;
        var e = StringInfo.GetTextElementEnumerator(text.Normalize(NormalizationForm.FormC));
        while (e.MoveNext())
        {
            string grapheme = e.GetTextElement();
            SKTypeface typeface = For(grapheme);
            if (current is not null && !ReferenceEquals(typeface, current))
            {
                yield return (current, run.ToString());
                run.Clear();
            }
            current = typeface;
            run.Append(grapheme);
        }
        if (current is not null) yield return (current, run.ToString());
    }

    private SKTypeface For(string grapheme)
    {
        if (Covers(_primary, grapheme)) return _primary;
        var candidate = _fallback(char.ConvertToUtf32(grapheme, 0));
        if (candidate is not null && Covers(candidate, grapheme))
        {
            // One object per font file, so runs of the same fallback font merge and its shaper is reused.
            foreach (var known in _shapers.Keys)
                if (known.FamilyName == candidate.FamilyName && known.FontStyle.Weight == candidate.FontStyle.Weight) return known;
            Shaper(candidate);
            return candidate;
        }
        _missing.Add(grapheme);
        return _primary;
    }

    // Format characters (zero-width joiners, variation selectors) have no glyph of their own in most fonts.
    private static bool Covers(SKTypeface typeface, string text)
    {
        using var font = typeface.ToFont();
        return text.EnumerateRunes().All(r => Rune.GetUnicodeCategory(r) == UnicodeCategory.Format ||
                                              (r.Value >= 0xFE00 && r.Value <= 0xFE0F) || font.ContainsGlyph(r.Value));
    }

    private SKShaper Shaper(SKTypeface typeface)
    {
        if (!_shapers.TryGetValue(typeface, out var shaper))
            _shapers[typeface] = shaper = new SKShaper(typeface);
        return shaper;
    }

    private static SKFont Font(SKTypeface typeface, double size) =>
        new(typeface, (float)size) { Edging = SKFontEdging.Antialias, Subpixel = true, Hinting = SKFontHinting.Slight };

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

    /// <summary>Releases the shapers. The typefaces are not disposed: SkiaSharp hands out one shared object per native
    /// font (another thread's LabelFont may hold the same one), and releases it itself.</summary>
    public void Dispose()
    {
        foreach (var shaper in _shapers.Values) shaper.Dispose();
        _shapers.Clear();
    }
}
