using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Heed.Viz;

namespace Heed.Tests.Viz;

/// <summary>Test-side PNG decoder for 8-bit RGB/RGBA, filter type 0 only: enough to check what PngEncoder writes.</summary>
internal sealed record PngReader(int Width, int Height, int Channels, byte[] Pixels, List<string> ChunkTypes)
{
    public (byte R, byte G, byte B) Pixel(int x, int y)
    {
        int i = (y * Width + x) * Channels;
        return (Pixels[i], Pixels[i + 1], Pixels[i + 2]);
    }

    public static PngReader Decode(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int pos = 8, width = 0, height = 0, channels = 0;
        var types = new List<string>();
        using var idat = new MemoryStream();
        while (pos < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            string type = Encoding.ASCII.GetString(png, pos + 4, 4);
            byte[] data = png[(pos + 8)..(pos + 8 + length)];
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length));
            Assert.Equal(Crc32.Compute(png.AsSpan(pos + 4, 4 + length)), stored);
            types.Add(type);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4));
                Assert.Equal(8, data[8]);
                channels = data[9] switch { 2 => 3, 6 => 4, _ => throw new InvalidDataException($"colour type {data[9]}") };
                Assert.Equal(0, data[12]);
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            pos += 12 + length;
        }
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(inflated);
        byte[] raw = inflated.ToArray();
        int stride = width * channels;
        Assert.Equal(height * (stride + 1), raw.Length);
        var pixels = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            Assert.Equal(0, raw[y * (stride + 1)]); // filter type None
            Array.Copy(raw, y * (stride + 1) + 1, pixels, y * stride, stride);
        }
        return new PngReader(width, height, channels, pixels, types);
    }
}
