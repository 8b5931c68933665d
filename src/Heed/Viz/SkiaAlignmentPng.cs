using SkiaSharp;

namespace Heed.Viz;

/// <summary>
/// Draws the PNG picture with outline fonts through SkiaSharp, on the SVG's own layout (<see cref="AlignmentLayout"/>),
/// so the PNG shows every character the SVG shows and looks like it: rotated column labels, the same paddings,
/// legend ticks and colours. Cells are whole pixels and drawn without anti-aliasing, so each holds exactly its colour.
/// </summary>
internal static class SkiaAlignmentPng
{
    private static readonly SKColor Ink = new(0, 0, 0);
    private static readonly SKColor Frame = new(0x88, 0x88, 0x88);
    private static readonly SKColor Muted = new(0x44, 0x44, 0x44);

    /// <summary>Font size for a cell size: the SVG's 13 px at its 28 px cells, in proportion otherwise.</summary>
    public static double FontSize(int cellSize) => AlignmentLayout.BaseFontSize * cellSize / 28.0;

    /// <summary>The layout the picture of <paramref name="matrix"/> is drawn on, with text measured in <paramref name="font"/>.</summary>
    public static AlignmentLayout Measure(AlignmentMatrix matrix, int cellSize, LabelFont font) =>
        AlignmentLayout.Compute(matrix, cellSize, FontSize(cellSize), font.Measure, snap: true,
            titleWidth: (text, size) => font.Measure(text, size, bold: true));

    /// <summary>Draws the picture and returns its pixels as R,G,B bytes, row-major, top row first.</summary>
    public static (int Width, int Height, byte[] Rgb) Render(AlignmentMatrix matrix, int cellSize, LabelFont font)
    {
        var l = Measure(matrix, cellSize, font);
        int width = (int)l.Width, height = (int)l.Height;
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var text = new SKPaint { Color = Ink, IsAntialias = true };
            double central = font.CentralOffset(l.FontSize);
            if (matrix.Title is not null)
                font.Draw(canvas, matrix.Title, l.Pad, l.TitleBaseline, l.TitleSize, text, bold: true);
            DrawColumnLabels(canvas, matrix, l, font, text, central);
            for (int r = 0; r < matrix.Rows; r++)
            {
                var (x, y) = l.RowLabel(r);
                string label = matrix.OutputTokens[r];
                font.Draw(canvas, label, x - font.Measure(label, l.FontSize), y + central, l.FontSize, text);
            }
            DrawCells(canvas, matrix, l);
            DrawLegend(canvas, l, font, central);
        }
        return (width, height, ToRgb(bitmap));
    }

    private static void DrawColumnLabels(SKCanvas canvas, AlignmentMatrix matrix, AlignmentLayout l, LabelFont font, SKPaint text, double central)
    {
        for (int c = 0; c < matrix.Columns; c++)
        {
            var (cx, y) = l.ColumnLabel(c);
            string label = matrix.SourceTokens[c];
            if (l.LabelAngle == 0)
            {
                font.Draw(canvas, label, cx - font.Measure(label, l.FontSize) / 2, y, l.FontSize, text);
                continue;
            }
            // As SVG's rotate(angle cx y) with dominant-baseline central: the label starts at the anchor and climbs.
            canvas.Save();
            canvas.Translate((float)cx, (float)y);
            canvas.RotateDegrees((float)l.LabelAngle);
            font.Draw(canvas, label, 0, central, l.FontSize, text);
            canvas.Restore();
        }
    }

    private static void DrawCells(SKCanvas canvas, AlignmentMatrix matrix, AlignmentLayout l)
    {
        using var fill = new SKPaint { IsAntialias = false, Style = SKPaintStyle.Fill };
        for (int r = 0; r < matrix.Rows; r++)
            for (int c = 0; c < matrix.Columns; c++)
            {
                var (x, y) = l.Cell(r, c);
                fill.Color = Colour(WeightColors.For(matrix[r, c]));
                canvas.DrawRect((float)x, (float)y, (float)l.CellSize, (float)l.CellSize, fill);
            }
        // The frame sits on the pixels just outside the grid, so no cell loses a pixel row to it.
        using var frame = new SKPaint { IsAntialias = false, Style = SKPaintStyle.Stroke, StrokeWidth = 1, Color = Frame };
        canvas.DrawRect((float)l.GridLeft - 0.5f, (float)l.GridTop - 0.5f, (float)l.GridWidth + 1, (float)l.GridHeight + 1, frame);
    }

    private static void DrawLegend(SKCanvas canvas, AlignmentLayout l, LabelFont font, double central)
    {
        int left = (int)l.LegendLeft, top = (int)l.GridTop, bar = (int)Math.Round(l.LegendBar), h = (int)l.LegendHeight;
        // One colour per pixel row, straight from the ramp: weight 1 at the top, 0 at the bottom.
        using var fill = new SKPaint { IsAntialias = false, Style = SKPaintStyle.Fill };
        for (int y = 0; y < h; y++)
        {
            fill.Color = Colour(WeightColors.For(1 - y / (double)(h - 1)));
            canvas.DrawRect(left, top + y, bar, 1, fill);
        }
        using var frame = new SKPaint { IsAntialias = false, Style = SKPaintStyle.Stroke, StrokeWidth = 1, Color = Frame };
        canvas.DrawRect(left - 0.5f, top - 0.5f, bar + 1, h + 1, frame);

        using var tick = new SKPaint { IsAntialias = false, Style = SKPaintStyle.Stroke, StrokeWidth = 1, Color = Muted };
        using var ink = new SKPaint { Color = Ink, IsAntialias = true };
        foreach (double t in AlignmentLayout.LegendTicks)
        {
            float y = top + (float)Math.Round((1 - t) * (h - 1)) + 0.5f;
            canvas.DrawLine(left + bar, y, left + bar + 4, y, tick);
            font.Draw(canvas, Markup.Num(t), left + bar + l.Gap, y + central, l.FontSize, ink);
        }
        using var muted = new SKPaint { Color = Muted, IsAntialias = true };
        font.Draw(canvas, "weight", left, l.LegendCaptionBaseline, l.FontSize, muted);
    }

    private static SKColor Colour(Rgb c) => new(c.R, c.G, c.B);

    private static byte[] ToRgb(SKBitmap bitmap)
    {
        ReadOnlySpan<byte> rgba = bitmap.GetPixelSpan();
        var rgb = new byte[bitmap.Width * bitmap.Height * 3];
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            rgb[j] = rgba[i];
            rgb[j + 1] = rgba[i + 1];
            rgb[j + 2] = rgba[i + 2];
        }
        return rgb;
    }
}
