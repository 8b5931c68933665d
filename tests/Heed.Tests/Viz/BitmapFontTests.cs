using Heed.Viz;

namespace Heed.Tests.Viz;

public class BitmapFontTests
{
    [Fact]
    public void CoversPrintableAscii()
    {
        Assert.Equal(0x7E - 0x20 + 1, BitmapFont.GlyphCount);
        for (char c = '!'; c <= '~'; c++)
        {
            Assert.False(BitmapFont.IsPlaceholder(c.ToString()), $"'{c}' has no glyph");
            Assert.Contains(BitmapFont.Glyph(c.ToString()).ToArray(), row => row != 0); // every visible glyph has ink
        }
    }

    [Fact]
    public void AccentsFallBackToBase_OtherScriptsToTheBox()
    {
        Assert.Equal(BitmapFont.Glyph("e").ToArray(), BitmapFont.Glyph("é").ToArray());
        Assert.Equal(BitmapFont.Glyph("C").ToArray(), BitmapFont.Glyph("Ç").ToArray());
        Assert.True(BitmapFont.IsPlaceholder("日"));
        Assert.True(BitmapFont.IsPlaceholder("ж"));
    }

    [Fact]
    public void Measure_CountsGraphemes()
    {
        // 2 glyphs: (2*6 - 1) font pixels wide, times scale 2 = 22. "é" in decomposed form is still one glyph.
        Assert.Equal(22, BitmapFont.Measure("ab", 2));
        Assert.Equal(22, BitmapFont.Measure("e\u0301b", 2));
        Assert.Equal(0, BitmapFont.Measure("", 2));
    }
}
