using System.IO.Compression;
using System.Text;
using Heed;
using Heed.Io;

namespace Heed.Tests.Io;

public class TextLinesTests
{
    private static string TempFile(string name, byte[] bytes)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("heed-textlines").FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void SplitsOnNewline_DropsCarriageReturn_AndFinalNewlineAddsNoLine()
    {
        string path = TempFile("a.txt", Encoding.UTF8.GetBytes("one\r\ntwo\n\nfour\n"));
        Assert.Equal(["one", "two", "", "four"], TextLines.Read(path));
    }

    [Fact]
    public void LastLineWithoutNewline_IsKept_AndEmptyFileHasNoLines()
    {
        Assert.Equal(["a", "b"], TextLines.Read(TempFile("a.txt", Encoding.UTF8.GetBytes("a\nb"))));
        Assert.Empty(TextLines.Read(TempFile("e.txt", [])));
    }

    [Fact]
    public void SkipsByteOrderMark_AndDecodesMultiByteCharacters()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("Straße 😀\n")];
        Assert.Equal(["Straße 😀"], TextLines.Read(TempFile("bom.txt", bytes)));
    }

    [Fact]
    public void InvalidUtf8_NamesFileAndLine()
    {
        // Line 2 holds a lone continuation byte 0x80 at byte 3.
        byte[] bytes = [.. "ok\nab"u8, 0x80, .. "\nfine\n"u8];
        string path = TempFile("bad.txt", bytes);
        var e = Assert.Throws<HeedInputException>(() => TextLines.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("line 2", e.Message);
        Assert.Contains("byte 3", e.Message);
    }

    [Fact]
    public void MissingFile_IsNamed()
    {
        string path = Path.Combine(Path.GetTempPath(), $"heed-missing-{Guid.NewGuid():N}.txt");
        var e = Assert.Throws<HeedInputException>(() => TextLines.Read(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void GzipFile_IsDecompressed()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write("x y\nz\n"u8);
        string path = TempFile("a.txt.GZ", buffer.ToArray());
        Assert.Equal(["x y", "z"], TextLines.Read(path));
    }

    [Fact]
    public void CorruptGzip_IsNamed()
    {
        string path = TempFile("c.gz", "not gzip at all"u8.ToArray());
        var e = Assert.Throws<HeedInputException>(() => TextLines.Read(path));
        Assert.Contains(path, e.Message);
    }
}
