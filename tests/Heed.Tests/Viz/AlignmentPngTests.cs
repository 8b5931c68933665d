using Heed.Viz;

namespace Heed.Tests.Viz;

/// <summary>
/// The PNG drawn with the system's outline fonts. Tests that need a font skip, with the reason, where none can be
/// loaded (.ci/run installs fonts-dejavu-core and fonts-wqy-microhei, so CI runs them).
/// </summary>
public class AlignmentPngTests
{
    // Pairs whose bitmap-font pictures are identical (ä is drawn as a, ß and □ both as the placeholder box, é as e),
    // so a picture that tells each pair apart cannot have come from the fallback font.
    private static readonly string[] Rows = ["fährt", "fahrt", "Straße", "Stra\u25A1e", "é", "e"];
    private static readonly string[] Cjk = ["文", "\u25A1"];

    private static LabelFont SystemFontOrSkip()
    {
        var font = LabelFont.FromSystem(out string? problem);
        Skip.If(font is null, $"no outline font can be loaded here: {problem}");
        return font!;
    }

    private static AlignmentMatrix Diagonal(string[] rows, string[] columns, string? title = null)
    {
        var w = new float[rows.Length][];
        for (int r = 0; r < rows.Length; r++)
        {
            w[r] = new float[columns.Length];
            for (int c = 0; c < columns.Length; c++) w[r][c] = c == r % columns.Length ? 0.7f : 0.3f / (columns.Length - 1);
        }
        return new AlignmentMatrix(columns, rows, w, title);
    }

    /// <summary>Grey levels of the row-label band of <paramref name="row"/>: everything left of the grid on that row.</summary>
    private static byte[] RowBand(PngReader png, AlignmentLayout l, int row)
    {
        int left = (int)l.GridLeft - 1, top = (int)l.GridTop + row * (int)l.CellSize, cell = (int)l.CellSize;
        var band = new byte[left * cell];
        for (int y = 0; y < cell; y++)
            for (int x = 0; x < left; x++)
            {
                var (r, g, b) = png.Pixel(x, top + y);
                band[y * left + x] = (byte)((r + g + b) / 3);
            }
        return band;
    }

    private static int Ink(byte[] band) => band.Count(v => v < 160);

    [SkippableFact]
    public void Example_DecodesToTheLaidOutSize_WithCellColoursInPlace()
    {
        using var font = SystemFontOrSkip();
        var m = ExampleAlignment.Matrix();
        float[][] w = ExampleAlignment.Weights();
        var decoded = PngReader.Decode(AlignmentPng.Encode(m, cellSize: 20, warn: message => Assert.Fail(message)));
        var l = SkiaAlignmentPng.Measure(m, 20, font);
        Assert.Equal(((int)l.Width, (int)l.Height), (decoded.Width, decoded.Height));
        for (int r = 0; r < m.Rows; r++)
            for (int c = 0; c < m.Columns; c++)
            {
                // Every pixel of the cell, corners included, holds the ramp's colour of the input weight.
                foreach (var (dx, dy) in new[] { (0, 0), (19, 0), (0, 19), (19, 19), (10, 10) })
                {
                    var (red, green, blue) = decoded.Pixel((int)l.GridLeft + c * 20 + dx, (int)l.GridTop + r * 20 + dy);
                    Assert.Equal(WeightColors.For(w[r][c]), new Rgb(red, green, blue));
                }
            }
    }

    [SkippableFact]
    public void Layout_IsTheSvgs_AtTheSameCellSize()
    {
        using var font = SystemFontOrSkip();
        var m = ExampleAlignment.Matrix();
        var png = SkiaAlignmentPng.Measure(m, 28, font);
        var svg = AlignmentLayout.Compute(m, 28, AlignmentLayout.BaseFontSize, (t, s) => Markup.TextWidth(t, s));
        // Same font size, paddings, label angle and legend; only measured (not estimated) text widths move the grid.
        Assert.Equal((svg.FontSize, svg.Pad, svg.Gap, svg.LegendBar, svg.LegendHeight, svg.LabelAngle),
            (png.FontSize, png.Pad, png.Gap, png.LegendBar, png.LegendHeight, png.LabelAngle));
        Assert.Equal(-60, png.LabelAngle); // "économique" is wider than a 28 px cell
    }

    [SkippableFact]
    public void AccentsUmlautsAndSharpS_AreRealGlyphs_NotTheFallbackFont()
    {
        using var font = SystemFontOrSkip();
        var m = Diagonal(Rows, ["Ein", "Mann", "fährt", "Straße", "é", "文"], "Ein Mann fährt die Straße entlang → a man rides");
        var warnings = new List<string>();
        var png = PngReader.Decode(AlignmentPng.Encode(m, warn: warnings.Add));
        var l = SkiaAlignmentPng.Measure(m, 28, font);
        Assert.Equal(((int)l.Width, (int)l.Height), (png.Width, png.Height));
        Assert.Equal((28 * m.Columns, 28 * m.Rows), ((int)l.GridWidth, (int)l.GridHeight));
        var bands = Enumerable.Range(0, Rows.Length).Select(r => RowBand(png, l, r)).ToArray();
        Assert.All(bands, b => Assert.True(Ink(b) > 20, "a row label has (almost) no ink"));
        for (int pair = 0; pair < Rows.Length; pair += 2)
            Assert.False(bands[pair].AsSpan().SequenceEqual(bands[pair + 1]), $"'{Rows[pair]}' is drawn exactly like '{Rows[pair + 1]}'");
        // The umlaut dots and the accent are ink above the letters they sit on: more ink than the bare letters.
        Assert.True(Ink(bands[0]) > Ink(bands[1]), "'fährt' has no more ink than 'fahrt'");
        Assert.True(Ink(bands[4]) > Ink(bands[5]), "'é' has no more ink than 'e'");
        Assert.DoesNotContain(warnings, w => w.Contains("built-in"));
    }

    [Fact]
    public void TheComparisonAbove_CannotPass_OnTheBitmapFont()
    {
        // The oracle for the test above: with the 5x7 font each pair is pixel-identical.
        var m = Diagonal(Rows, ["a", "b"]);
        var png = PngReader.Decode(BitmapAlignmentPng.Encode(m, 28));
        var layout = BitmapAlignmentPng.Measure(m, 28);
        var l = AlignmentLayout.Compute(m, 28, 13, (_, _) => 0) with { GridLeft = layout.GridLeft, GridTop = layout.GridTop };
        for (int pair = 0; pair < Rows.Length; pair += 2)
            Assert.True(RowBand(png, l, pair).AsSpan().SequenceEqual(RowBand(png, l, pair + 1)), $"pair {pair}");
    }

    [SkippableFact]
    public void ChineseCharacter_IsDrawn_WhereAnInstalledFontHasIt()
    {
        using var font = SystemFontOrSkip();
        var m = Diagonal(Cjk, ["文"]);
        SkiaAlignmentPng.Render(m, 28, font);
        Skip.If(font.Missing.Contains("文"), "no installed font has 文 (on Debian: apt-get install fonts-wqy-microhei)");
        var warnings = new List<string>();
        var png = PngReader.Decode(AlignmentPng.Encode(m, warn: warnings.Add));
        var l = SkiaAlignmentPng.Measure(m, 28, font);
        var (cjk, box) = (RowBand(png, l, 0), RowBand(png, l, 1));
        Assert.True(Ink(cjk) > 20, "文 has no ink");
        Assert.False(cjk.AsSpan().SequenceEqual(box), "文 is drawn exactly like □");
        Assert.Empty(warnings);
    }

    [Fact]
    public void NoFont_FallsBackToTheBitmapFont_WithAWarningThatSaysWhy()
    {
        var m = ExampleAlignment.Matrix();
        var warnings = new List<string>();
        byte[] png = AlignmentPng.Encode(m, 24, warnings.Add, () => (null, "fontconfig found no font (test)"));
        Assert.Equal(BitmapAlignmentPng.Encode(m, 24), png);
        string warning = Assert.Single(warnings);
        Assert.Contains("fontconfig found no font (test)", warning);
        Assert.Contains("built-in ASCII pixel font", warning);
    }

    [SkippableFact]
    public void CharacterNoFontHas_IsNamedInAWarning()
    {
        using var font = SystemFontOrSkip();
        // A private-use code point of plane 16: no font of a normal installation draws it.
        const string unknown = "\U0010FFFD";
        var warnings = new List<string>();
        AlignmentPng.Encode(Diagonal(["x" + unknown], ["a"]), warn: warnings.Add);
        Assert.Contains("U+10FFFD", Assert.Single(warnings));
    }

    [Fact]
    public void TooSmallCells_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AlignmentPng.Encode(ExampleAlignment.Matrix(), cellSize: 15));
    }

    [Fact]
    public void WriteIntoAMissingFolder_NamesThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-heed-folder-" + Guid.NewGuid().ToString("N"), "a.png");
        var e = Assert.Throws<IOException>(() => AlignmentPng.Write(path, ExampleAlignment.Matrix(), warn: _ => { }));
        Assert.Contains(path, e.Message);
    }
}
