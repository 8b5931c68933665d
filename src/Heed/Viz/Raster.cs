namespace Heed.Viz;

/// <summary>An RGB pixel buffer (row-major, top row first) with the few drawing operations the PNG pictures need.</summary>
internal sealed class Raster
{
    public Raster(int width, int height, Rgb background)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentException($"Raster size {width}x{height} is not positive in both dimensions.");
        Width = width;
        Height = height;
        Pixels = new byte[checked(width * height * 3)];
        Fill(0, 0, width, height, background);
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>R,G,B bytes, <see cref="Width"/>*<see cref="Height"/>*3 long.</summary>
    public byte[] Pixels { get; }

    public Rgb this[int x, int y]
    {
        get
        {
            int i = (y * Width + x) * 3;
            return new Rgb(Pixels[i], Pixels[i + 1], Pixels[i + 2]);
        }
    }

    /// <summary>Fills a rectangle, clipped to the image.</summary>
    public void Fill(int x, int y, int width, int height, Rgb colour)
    {
        int x0 = Math.Max(0, x), y0 = Math.Max(0, y);
        int x1 = Math.Min(Width, x + width), y1 = Math.Min(Height, y + height);
        for (int yy = y0; yy < y1; yy++)
            for (int xx = x0; xx < x1; xx++)
            {
                int i = (yy * Width + xx) * 3;
                Pixels[i] = colour.R; Pixels[i + 1] = colour.G; Pixels[i + 2] = colour.B;
            }
    }

    /// <summary>Draws a one-pixel rectangle outline.</summary>
    public void Outline(int x, int y, int width, int height, Rgb colour)
    {
        Fill(x, y, width, 1, colour);
        Fill(x, y + height - 1, width, 1, colour);
        Fill(x, y, 1, height, colour);
        Fill(x + width - 1, y, 1, height, colour);
    }

    /// <summary>Draws text left to right with its top-left corner at (x, y), each font pixel a scale×scale block.</summary>
    public void Text(int x, int y, string text, Rgb colour, int scale) =>
        DrawGlyphs(text, colour, scale, (gx, gy) => (x + gx, y + gy));

    /// <summary>
    /// Draws text rotated a quarter turn anticlockwise, reading bottom to top, starting at the bottom-left corner (x, y):
    /// the way column labels stand above a grid.
    /// </summary>
    public void TextUp(int x, int y, string text, Rgb colour, int scale) =>
        DrawGlyphs(text, colour, scale, (gx, gy) => (x + gy, y - 1 - gx));

    private void DrawGlyphs(string text, Rgb colour, int scale, Func<int, int, (int X, int Y)> place)
    {
        int pen = 0;
        foreach (string g in BitmapFont.Graphemes(text))
        {
            ReadOnlySpan<byte> rows = BitmapFont.Glyph(g, out int rowOffset);
            for (int row = 0; row < BitmapFont.GlyphHeight; row++)
                for (int col = 0; col < BitmapFont.GlyphWidth; col++)
                {
                    if ((rows[row] & (1 << (BitmapFont.GlyphWidth - 1 - col))) == 0) continue;
                    for (int sy = 0; sy < scale; sy++)
                        for (int sx = 0; sx < scale; sx++)
                        {
                            var (px, py) = place(pen + col * scale + sx, (row + rowOffset) * scale + sy);
                            if ((uint)px < (uint)Width && (uint)py < (uint)Height)
                            {
                                int i = (py * Width + px) * 3;
                                Pixels[i] = colour.R; Pixels[i + 1] = colour.G; Pixels[i + 2] = colour.B;
                            }
                        }
                }
            pen += BitmapFont.Advance * scale;
        }
    }
}
