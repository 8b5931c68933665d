using System.Text;
using Heed.Viz;

namespace Heed.Tests.Viz;

public class Crc32Tests
{
    [Fact]
    public void CheckValue_MatchesTheCatalogue()
    {
        // The standard CRC-32/ISO-HDLC check value from the CRC catalogue.
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void IendChunk_HasTheCrcEveryPngEndsWith()
    {
        // Every PNG file ends with 49 45 4E 44 AE 42 60 82: "IEND" and its CRC.
        Assert.Equal(0xAE426082u, Crc32.Compute("IEND"u8));
    }

    [Fact]
    public void Incremental_EqualsOneShot()
    {
        byte[] data = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xCBF43926u, Crc32.Finish(Crc32.Update(Crc32.Update(Crc32.Start, data.AsSpan(0, 4)), data.AsSpan(4))));
    }
}
