using Heed.Io;

namespace Heed.Viz;

/// <summary>
/// Rasterises an <see cref="AlignmentMatrix"/> to a PNG picture laid out like <see cref="AlignmentSvg"/>: the title,
/// source tokens across the top (rotated when they do not fit a cell), output tokens down the left, one solid block
/// per weight (the same colour ramp) and a 0..1 colour-scale legend.
/// </summary>
/// <remarks>
/// <para>Labels are drawn with the system's outline fonts through SkiaSharp and HarfBuzz, so every character of a
/// sentence appears as written (ß, umlauts, accents, and CJK where an installed font has it). The fonts come from
/// fontconfig: DejaVu Sans when installed (Debian's <c>fonts-dejavu-core</c>, the SVG's first choice), else the
/// default sans-serif; characters it lacks come from any installed font that has them.</para>
/// <para>Where no font can be used (no font installed, or SkiaSharp's native library does not load, e.g. without
/// libfontconfig1) the picture is still written, with Heed's built-in 5x7 ASCII pixel font: accents are dropped and
/// other non-ASCII characters become boxes. That, and any character no installed font has, is reported through
/// <c>warn</c>, so a picture never silently loses letters.</para>
/// </remarks>
public static class AlignmentPng
{
    /// <summary>The smallest cell size accepted: below it a label line no longer fits beside a cell.</summary>
    public const int MinCellSize = 16;

    /// <summary>Encodes the picture of <paramref name="matrix"/> as PNG bytes (8-bit RGB).</summary>
    /// <param name="matrix">The weights to draw.</param>
    /// <param name="cellSize">Side of one cell in pixels, at least <see cref="MinCellSize"/>; the label font is 13 px at
    /// the default 28, as in the SVG, and in proportion otherwise.</param>
    /// <param name="warn">Receives a warning when labels cannot be drawn as written (no usable font, or characters no
    /// installed font has); null writes them to standard error.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cellSize"/> is below <see cref="MinCellSize"/>.</exception>
    public static byte[] Encode(AlignmentMatrix matrix, int cellSize = 28, Action<string>? warn = null) =>
        Encode(matrix, cellSize, warn, SystemFont);

    /// <summary>Writes the PNG picture of <paramref name="matrix"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="IOException">The folder is missing or not writable; the message names the path.</exception>
    public static void Write(string path, AlignmentMatrix matrix, int cellSize = 28, Action<string>? warn = null)
    {
        byte[] png = Encode(matrix, cellSize, warn);
        AtomicFile.Write(path, s => s.Write(png));
    }

    /// <summary>As the public overload, with the font source chosen by the caller (tests use one that finds nothing).</summary>
    internal static byte[] Encode(AlignmentMatrix matrix, int cellSize, Action<string>? warn, Func<(LabelFont? Font, string? Problem)> fonts)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentOutOfRangeException.ThrowIfLessThan(cellSize, MinCellSize);
        warn ??= message => Console.Error.WriteLine($"heed: warning: {message}");
        var (font, problem) = fonts();
        if (font is null)
        {
            warn($"PNG labels are drawn with the built-in ASCII pixel font because {problem}: accents are dropped and other " +
                 "non-ASCII characters show as boxes. The SVG and HTML pictures show every character.");
            return BitmapAlignmentPng.Encode(matrix, cellSize);
        }
        using (font)
        {
            var (width, height, rgb) = SkiaAlignmentPng.Render(matrix, cellSize, font);
            if (font.Missing.Count > 0)
                warn($"no installed font has {string.Join(", ", font.Missing.Select(Describe))}: drawn as the missing-glyph box " +
                     $"of {font.FamilyName}. Install a font that covers them (on Debian e.g. fonts-noto-cjk for Chinese and Japanese).");
            return PngEncoder.Encode(width, height, rgb);
        }
    }

    private static (LabelFont?, string?) SystemFont()
    {
        var font = LabelFont.FromSystem(out string? problem);
        return (font, problem);
    }

    private static string Describe(string grapheme) =>
        $"'{grapheme}' ({string.Join(" ", grapheme.EnumerateRunes().Select(r => $"U+{r.Value:X4}"))})";
}
