using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Heed.Io;

namespace Heed.Viz;

/// <summary>
/// Minimal PNG writer for 8-bit truecolour images (RGB or RGBA, non-interlaced, filter type 0 on every scanline),
/// so Heed can produce pictures without an imaging dependency.
/// </summary>
internal static class PngEncoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes row-major pixels (top row first) as a PNG file image.</summary>
    /// <param name="width">Image width in pixels, 1..2^31-1.</param>
    /// <param name="height">Image height in pixels, 1..2^31-1.</param>
    /// <param name="pixels">width*height*3 bytes (R,G,B) or width*height*4 bytes (R,G,B,A) when <paramref name="hasAlpha"/>.</param>
    /// <param name="hasAlpha">Whether each pixel carries an alpha byte.</param>
    /// <exception cref="ArgumentException">A dimension is not positive or the pixel count does not match width×height×channels; the message gives both.</exception>
    public static byte[] Encode(int width, int height, ReadOnlySpan<byte> pixels, bool hasAlpha = false)
    {
        int channels = hasAlpha ? 4 : 3;
        if (width <= 0 || height <= 0)
            throw new ArgumentException($"PNG size {width}x{height} is not positive in both dimensions.", nameof(width));
        long expected = (long)width * height * channels;
        if (pixels.Length != expected)
            throw new ArgumentException(
                $"pixels has {pixels.Length} bytes but a {width}x{height} {(hasAlpha ? "RGBA" : "RGB")} image needs {expected}.", nameof(pixels));

        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;                               // bit depth
        header[9] = (byte)(hasAlpha ? 6 : 2);        // colour type: truecolour (+ alpha)
        header[10] = 0; header[11] = 0; header[12] = 0; // deflate, adaptive filtering, no interlace
        WriteChunk(output, "IHDR", header);

        WriteChunk(output, "IDAT", Compress(width, height, pixels, channels));
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>Encodes and writes the image to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, int width, int height, ReadOnlySpan<byte> pixels, bool hasAlpha = false)
    {
        byte[] png = Encode(width, height, pixels, hasAlpha);
        AtomicFile.Write(path, s => s.Write(png));
    }

    private static byte[] Compress(int width, int height, ReadOnlySpan<byte> pixels, int channels)
    {
        int stride = width * channels;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            // Filter type 0 (None) per scanline: the images here are flat colour blocks, which deflate handles well unfiltered.
            for (int y = 0; y < height; y++)
            {
                zlib.WriteByte(0);
                zlib.Write(pixels.Slice(y * stride, stride));
            }
        }
        return compressed.ToArray();
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        Span<byte> typeBytes = stackalloc byte[4];
        Encoding.ASCII.GetBytes(type, typeBytes);
        output.Write(typeBytes);
        output.Write(data);
        // The chunk CRC covers the type and the data, not the length.
        uint crc = Crc32.Finish(Crc32.Update(Crc32.Update(Crc32.Start, typeBytes), data));
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }
}
