using System.Buffers.Binary;
using Heed.Viz;

namespace Heed.Io;

/// <summary>
/// The check .NET's GZipStream leaves out: a gzip file cut short decompresses without any error to a prefix of its
/// contents, which would silently train on part of a corpus. Every gzip member ends with the CRC-32 and the length
/// (mod 2³²) of its uncompressed data; the last member's data is the end of the whole output, so comparing the file's
/// last eight bytes with the output's tail detects truncation (a cut file's last bytes are compressed data, which
/// match by chance with probability 2⁻³²) and also accepts concatenated multi-member files.
/// </summary>
internal static class GzipTrailer
{
    /// <summary>Whether <paramref name="compressed"/>'s trailer describes the end of <paramref name="decompressed"/>.</summary>
    public static bool Matches(ReadOnlySpan<byte> compressed, ReadOnlySpan<byte> decompressed)
    {
        const int HeaderAndTrailer = 18;
        if (compressed.Length < HeaderAndTrailer) return false;
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(compressed[^8..]);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(compressed[^4..]);
        // Members of 4 GiB or more store their size mod 2³²; a whole corpus held in memory is far below that.
        if (size > decompressed.Length) return false;
        return Crc32.Compute(decompressed[^(int)size..]) == crc;
    }
}
