using Heed.Viz;

namespace Heed.Tests.Viz;

public class PngEncoderTests
{
    [Fact]
    public void Rgb_RoundTrips_WithHandCheckedHeader()
    {
        byte[] pixels = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90]; // 3x2
        byte[] png = PngEncoder.Encode(3, 2, pixels);
        // IHDR right after the signature: length 13, "IHDR", width 3, height 2, depth 8, colour type 2, 0, 0, 0.
        Assert.Equal(new byte[] { 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0, 0, 0 }, png[8..29]);
        // Last 12 bytes: empty IEND chunk with its well-known CRC.
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82 }, png[^12..]);
        var decoded = PngReader.Decode(png);
        Assert.Equal(["IHDR", "IDAT", "IEND"], decoded.ChunkTypes);
        Assert.Equal((3, 2, 3), (decoded.Width, decoded.Height, decoded.Channels));
        Assert.Equal(pixels, decoded.Pixels);
    }

    [Fact]
    public void Rgba_RoundTrips()
    {
        byte[] pixels = [1, 2, 3, 4, 5, 6, 7, 8];
        var decoded = PngReader.Decode(PngEncoder.Encode(2, 1, pixels, hasAlpha: true));
        Assert.Equal(4, decoded.Channels);
        Assert.Equal(pixels, decoded.Pixels);
    }

    [Fact]
    public void WrongPixelCount_NamesBothSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => PngEncoder.Encode(2, 2, new byte[11]));
        Assert.Contains("11 bytes", e.Message);
        Assert.Contains("needs 12", e.Message);
        Assert.Throws<ArgumentException>(() => PngEncoder.Encode(0, 2, []));
    }

    [Fact]
    public void Write_GoesToDisk()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("heed-png").FullName, "a.png");
        PngEncoder.Write(path, 1, 1, [9, 8, 7]);
        Assert.Equal((9, 8, 7), ((int, int, int))PngReader.Decode(File.ReadAllBytes(path)).Pixel(0, 0));
    }
}
