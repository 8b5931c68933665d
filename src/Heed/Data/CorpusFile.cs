using System.Buffers;
using System.IO.Compression;
using System.Text;

namespace Heed.Data;

// Private stand-in for Heed.Io.TextLines.Read, written concurrently by another helper;
// the lead merges the two. Kept minimal and internal so nothing else depends on it.
internal static class CorpusFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads the lines of a UTF-8 text file (gzip-compressed when the name ends in ".gz"), without
    /// their "\n" or "\r\n" endings; a final line without an ending counts, an empty tail does not.
    /// Splits only on '\n' so that U+2028/U+0085 inside a sentence never shift line numbers.
    /// </summary>
    /// <exception cref="HeedInputException">Missing file, bad gzip data, or invalid UTF-8 (naming file and 1-based line).</exception>
    internal static string[] ReadLines(string path)
    {
        Stream raw;
        try
        {
            raw = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new HeedInputException($"File not found: '{path}'.", e);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new HeedInputException($"Cannot read '{path}': {e.Message}", e);
        }

        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(raw, CompressionMode.Decompress)
            : raw;
        var lines = new List<string>();
        var pending = new ArrayBufferWriter<byte>();
        byte[] buffer = new byte[1 << 16];
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                ReadOnlySpan<byte> chunk = buffer.AsSpan(0, read);
                int newline;
                while ((newline = chunk.IndexOf((byte)'\n')) >= 0)
                {
                    if (pending.WrittenCount == 0)
                        lines.Add(Decode(chunk[..newline], path, lines.Count + 1));
                    else
                    {
                        pending.Write(chunk[..newline]);
                        lines.Add(Decode(pending.WrittenSpan, path, lines.Count + 1));
                        pending.ResetWrittenCount();
                    }
                    chunk = chunk[(newline + 1)..];
                }
                pending.Write(chunk);
            }
        }
        catch (InvalidDataException e)
        {
            throw new HeedInputException($"'{path}' is not valid gzip data (after line {lines.Count}): {e.Message}", e);
        }
        if (pending.WrittenCount > 0)
            lines.Add(Decode(pending.WrittenSpan, path, lines.Count + 1));
        return lines.ToArray();
    }

    private static string Decode(ReadOnlySpan<byte> line, string path, int lineNumber)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r')
            line = line[..^1];
        if (lineNumber == 1 && line.StartsWith("\uFEFF"u8))
            line = line[3..];
        try
        {
            return StrictUtf8.GetString(line);
        }
        catch (DecoderFallbackException e)
        {
            throw new HeedInputException(
                $"'{path}' line {lineNumber}: invalid UTF-8 at byte {e.Index} of the line.", e);
        }
    }
}
