using System.Globalization;
using System.Text;

namespace Heed.Viz;

/// <summary>
/// Heed's own 5x7 pixel font for printable ASCII (0x20..0x7E), used to label PNG pictures without a font engine.
/// </summary>
/// <remarks>
/// Accented Latin letters are drawn as their base letter (é as e, Ç as C) because the diacritic does not fit in
/// 7 rows; ▁ (the character tokeniser's space) and → have glyphs of their own; every other non-ASCII character (CJK, Cyrillic, emoji, ...) is drawn as a hollow placeholder box.
/// One glyph is drawn per user-perceived character (grapheme cluster).
/// </remarks>
internal static class BitmapFont
{
    /// <summary>Glyph width in font pixels.</summary>
    public const int GlyphWidth = 5;
    /// <summary>Glyph height in font pixels.</summary>
    public const int GlyphHeight = 7;
    /// <summary>Horizontal distance between glyph origins, in font pixels (one pixel of spacing).</summary>
    public const int Advance = 6;
    /// <summary>Rows a descending letter (g p q y) hangs below the others; a text line is GlyphHeight + Descent rows.</summary>
    public const int Descent = 2;
    /// <summary>Height of a text line in font pixels.</summary>
    public const int LineHeight = GlyphHeight + Descent;

    // One entry per code point from 0x20, seven rows of five pixels; '#' is ink. The descending letters g p q y are
    // drawn with their x-height body in rows 0-4 and their tail in rows 5-6, and placed Descent rows lower.
    private static readonly string[] Source =
    [
        "..... ..... ..... ..... ..... ..... .....", // space
        "..#.. ..#.. ..#.. ..#.. ..#.. ..... ..#..", // !
        ".#.#. .#.#. ..... ..... ..... ..... .....", // "
        ".#.#. .#.#. ##### .#.#. ##### .#.#. .#.#.", // #
        "..#.. .#### #.#.. .###. ..#.# ####. ..#..", // $
        "##... ##..# ...#. ..#.. .#... #..## ...##", // %
        ".##.. #..#. #.#.. .#... #.#.# #..#. .##.#", // &
        "..#.. ..#.. ..... ..... ..... ..... .....", // '
        "...#. ..#.. .#... .#... .#... ..#.. ...#.", // (
        ".#... ..#.. ...#. ...#. ...#. ..#.. .#...", // )
        "..... ..#.. #.#.# .###. #.#.# ..#.. .....", // *
        "..... ..#.. ..#.. ##### ..#.. ..#.. .....", // +
        "..... ..... ..... ..... .##.. ..#.. .#...", // ,
        "..... ..... ..... ##### ..... ..... .....", // -
        "..... ..... ..... ..... ..... .##.. .##..", // .
        "..... ....# ...#. ..#.. .#... #.... .....", // /
        ".###. #...# #..## #.#.# ##..# #...# .###.", // 0
        "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.", // 1
        ".###. #...# ....# ...#. ..#.. .#... #####", // 2
        "##### ...#. ..#.. ...#. ....# #...# .###.", // 3
        "...#. ..##. .#.#. #..#. ##### ...#. ...#.", // 4
        "##### #.... ####. ....# ....# #...# .###.", // 5
        "..##. .#... #.... ####. #...# #...# .###.", // 6
        "##### ....# ...#. ..#.. .#... .#... .#...", // 7
        ".###. #...# #...# .###. #...# #...# .###.", // 8
        ".###. #...# #...# .#### ....# ...#. .##..", // 9
        "..... .##.. .##.. ..... .##.. .##.. .....", // :
        "..... .##.. .##.. ..... .##.. ..#.. .#...", // ;
        "...#. ..#.. .#... #.... .#... ..#.. ...#.", // <
        "..... ..... ##### ..... ##### ..... .....", // =
        ".#... ..#.. ...#. ....# ...#. ..#.. .#...", // >
        ".###. #...# ....# ...#. ..#.. ..... ..#..", // ?
        ".###. #...# ....# .##.# #.#.# #.#.# .###.", // @
        ".###. #...# #...# ##### #...# #...# #...#", // A
        "####. #...# #...# ####. #...# #...# ####.", // B
        ".###. #...# #.... #.... #.... #...# .###.", // C
        "###.. #..#. #...# #...# #...# #..#. ###..", // D
        "##### #.... #.... ####. #.... #.... #####", // E
        "##### #.... #.... ####. #.... #.... #....", // F
        ".###. #...# #.... #.### #...# #...# .####", // G
        "#...# #...# #...# ##### #...# #...# #...#", // H
        ".###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.", // I
        "..### ...#. ...#. ...#. ...#. #..#. .##..", // J
        "#...# #..#. #.#.. ##... #.#.. #..#. #...#", // K
        "#.... #.... #.... #.... #.... #.... #####", // L
        "#...# ##.## #.#.# #.#.# #...# #...# #...#", // M
        "#...# #...# ##..# #.#.# #..## #...# #...#", // N
        ".###. #...# #...# #...# #...# #...# .###.", // O
        "####. #...# #...# ####. #.... #.... #....", // P
        ".###. #...# #...# #...# #.#.# #..#. .##.#", // Q
        "####. #...# #...# ####. #.#.. #..#. #...#", // R
        ".#### #.... #.... .###. ....# ....# ####.", // S
        "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..", // T
        "#...# #...# #...# #...# #...# #...# .###.", // U
        "#...# #...# #...# #...# #...# .#.#. ..#..", // V
        "#...# #...# #...# #.#.# #.#.# #.#.# .#.#.", // W
        "#...# #...# .#.#. ..#.. .#.#. #...# #...#", // X
        "#...# #...# #...# .#.#. ..#.. ..#.. ..#..", // Y
        "##### ....# ...#. ..#.. .#... #.... #####", // Z
        ".###. .#... .#... .#... .#... .#... .###.", // [
        "..... #.... .#... ..#.. ...#. ....# .....", // \
        ".###. ...#. ...#. ...#. ...#. ...#. .###.", // ]
        "..#.. .#.#. #...# ..... ..... ..... .....", // ^
        "..... ..... ..... ..... ..... ..... #####", // _
        ".#... ..#.. ..... ..... ..... ..... .....", // `
        "..... ..... .###. ....# .#### #...# .####", // a
        "#.... #.... #.##. ##..# #...# #...# ####.", // b
        "..... ..... .###. #.... #.... #...# .###.", // c
        "....# ....# .##.# #..## #...# #...# .####", // d
        "..... ..... .###. #...# ##### #.... .###.", // e
        "..##. .#..# .#... ###.. .#... .#... .#...", // f
        ".#### #...# #...# .#### ....# #...# .###.", // g
        "#.... #.... #.##. ##..# #...# #...# #...#", // h
        "..#.. ..... .##.. ..#.. ..#.. ..#.. .###.", // i
        "...#. ..... ..##. ...#. ...#. #..#. .##..", // j
        "#.... #.... #..#. #.#.. ##... #.#.. #..#.", // k
        ".##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###.", // l
        "..... ..... ##.#. #.#.# #.#.# #...# #...#", // m
        "..... ..... #.##. ##..# #...# #...# #...#", // n
        "..... ..... .###. #...# #...# #...# .###.", // o
        "####. #...# #...# #...# ####. #.... #....", // p
        ".#### #...# #...# #...# .#### ....# ....#", // q
        "..... ..... #.##. ##..# #.... #.... #....", // r
        "..... ..... .###. #.... .###. ....# ####.", // s
        ".#... .#... ###.. .#... .#... .#..# ..##.", // t
        "..... ..... #...# #...# #...# #..## .##.#", // u
        "..... ..... #...# #...# #...# .#.#. ..#..", // v
        "..... ..... #...# #...# #.#.# #.#.# .#.#.", // w
        "..... ..... #...# .#.#. ..#.. .#.#. #...#", // x
        "#...# #...# #...# #...# .#### ....# .###.", // y
        "..... ..... ##### ...#. ..#.. .#... #####", // z
        "...#. ..#.. ..#.. .#... ..#.. ..#.. ...#.", // {
        "..#.. ..#.. ..#.. ..#.. ..#.. ..#.. ..#..", // |
        ".#... ..#.. ..#.. ...#. ..#.. ..#.. .#...", // }
        "..... ..... .#... #.#.# ...#. ..... .....", // ~
    ];

    private const string BoxSource = "##### #...# #...# #...# #...# #...# #####";

    private static readonly byte[][] Glyphs = Source.Select(Parse).ToArray();
    private static readonly byte[] Box = Parse(BoxSource);

    // Two non-ASCII symbols Heed itself puts into labels: the character tokeniser's visible space and the arrow of
    // alignment titles ("source → output"). Drawn as boxes they looked like missing data.
    private static readonly Dictionary<string, byte[]> Symbols = new()
    {
        ["\u2581"] = Parse("..... ..... ..... ..... ..... ..... #####"), // ▁ LOWER ONE EIGHTH BLOCK
        ["\u2192"] = Parse("..... ..#.. ...#. ##### ...#. ..#.. ....."), // → RIGHTWARDS ARROW
    };

    /// <summary>Number of ASCII glyphs in the table (0x20..0x7E).</summary>
    public static int GlyphCount => Glyphs.Length;

    /// <summary>
    /// Rows of the glyph for one grapheme cluster; bit 4 of each row is the leftmost pixel.
    /// Unknown characters give the placeholder box.
    /// </summary>
    public static ReadOnlySpan<byte> Glyph(string grapheme) => Glyph(grapheme, out _);

    /// <summary>As <see cref="Glyph(string)"/>, also giving how many rows below the line top the glyph is drawn.</summary>
    public static ReadOnlySpan<byte> Glyph(string grapheme, out int rowOffset)
    {
        rowOffset = grapheme is "g" or "p" or "q" or "y" ? Descent : 0;
        if (grapheme.Length == 1 && grapheme[0] >= 0x20 && grapheme[0] <= 0x7E)
            return Glyphs[grapheme[0] - 0x20];
        if (Symbols.TryGetValue(grapheme, out var symbol)) return symbol;
        // Decomposition splits é into e + combining acute; if all that is left besides marks is ASCII, draw the base.
        string d = grapheme.Normalize(NormalizationForm.FormD);
        if (d.Length > 0 && d[0] >= 0x21 && d[0] <= 0x7E &&
            d.Skip(1).All(c => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark))
            return Glyphs[d[0] - 0x20];
        return Box;
    }

    /// <summary>Whether <paramref name="grapheme"/> is drawn as the placeholder box.</summary>
    public static bool IsPlaceholder(string grapheme) => Glyph(grapheme) == Box.AsSpan();

    /// <summary>Splits text into the units drawn as one glyph each.</summary>
    public static IEnumerable<string> Graphemes(string text)
    {
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext()) yield return e.GetTextElement();
    }

    /// <summary>Width in image pixels of <paramref name="text"/> drawn at <paramref name="scale"/>, without trailing spacing.</summary>
    public static int Measure(string text, int scale)
    {
        int n = Graphemes(text).Count();
        return n == 0 ? 0 : (n * Advance - 1) * scale;
    }

    private static byte[] Parse(string glyph)
    {
        string[] rows = glyph.Split(' ');
        if (rows.Length != GlyphHeight || rows.Any(r => r.Length != GlyphWidth || r.Any(c => c is not ('#' or '.'))))
            throw new InvalidOperationException($"Font glyph '{glyph}' is not {GlyphHeight} rows of {GlyphWidth} '#'/'.' pixels.");
        return rows.Select(r => (byte)r.Aggregate(0, (bits, c) => (bits << 1) | (c == '#' ? 1 : 0))).ToArray();
    }
}
