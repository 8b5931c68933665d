using Heed.Viz;

namespace Heed.Tests.Viz;

/// <summary>The fallback picture drawn with the built-in pixel font (used when no outline font can be loaded).</summary>
public class BitmapAlignmentPngTests
{
    [Fact]
    public void Example_DecodesToTheLaidOutSize_WithCellColoursInPlace()
    {
        var m = ExampleAlignment.Matrix();
        float[][] w = ExampleAlignment.Weights();
        var decoded = PngReader.Decode(BitmapAlignmentPng.Encode(m, 20));
        var layout = BitmapAlignmentPng.Measure(m, 20);
        Assert.Equal((layout.Width, layout.Height), (decoded.Width, decoded.Height));
        for (int r = 0; r < m.Rows; r++)
        {
            int darkestCol = -1;
            double darkest = double.MaxValue;
            for (int c = 0; c < m.Columns; c++)
            {
                var (red, green, blue) = decoded.Pixel(layout.GridLeft + c * 20 + 10, layout.GridTop + r * 20 + 10);
                Assert.Equal(WeightColors.For(w[r][c]), new Rgb(red, green, blue));
                double y = new Rgb(red, green, blue).Luminance();
                if (y < darkest) (darkest, darkestCol) = (y, c);
            }
            Assert.Equal(Array.IndexOf(w[r], w[r].Max()), darkestCol); // naive argmax of the input
        }
    }

    [Fact]
    public void Labels_PutInkLeftOfEveryRowAndAboveEveryColumn()
    {
        var m = ExampleAlignment.Matrix(title: null);
        var decoded = PngReader.Decode(BitmapAlignmentPng.Encode(m, 24));
        var layout = BitmapAlignmentPng.Measure(m, 24);
        bool Ink(int x, int y) => decoded.Pixel(x, y) == (0, 0, 0);
        for (int r = 0; r < m.Rows; r++)
        {
            int top = layout.GridTop + r * 24;
            Assert.True(Enumerable.Range(0, layout.GridLeft - 2).Any(x => Enumerable.Range(top, 24).Any(y => Ink(x, y))), $"row {r} has no label ink");
        }
        for (int c = 0; c < m.Columns; c++)
        {
            int left = layout.GridLeft + c * 24;
            Assert.True(Enumerable.Range(left, 24).Any(x => Enumerable.Range(0, layout.GridTop - 2).Any(y => Ink(x, y))), $"column {c} has no label ink");
        }
    }

    [Fact]
    public void TooSmallCells_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BitmapAlignmentPng.Encode(ExampleAlignment.Matrix(), 4));
    }
}
