using System.IO.Compression;
using System.Text;

namespace Heed.Io;

/// <summary>
/// Reads a UTF-8 text file as lines, strictly: invalid UTF-8 is an error naming the file and line rather
/// than a silent U+FFFD that would quietly change a score or a vocabulary.
/// </summary>
public static class TextLines
{
    // Throwing on invalid bytes is the point; the BOM flag only matters for writing.
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads every line of <paramref name="path"/>. Lines end at '\n'; one '\r' before it is dropped (CRLF files);
    /// a final newline does not start another line, so an empty file has 0 lines and "a\n" has 1.
    /// A UTF-8 byte-order mark at the start is skipped. A name ending in ".gz" (any case) is gunzipped first.
    /// </summary>
    /// <returns>The lines without their terminators, in file order.</returns>
    /// <exception cref="HeedInputException">
    /// The file does not exist or cannot be read, the gzip data is corrupt, or a line is not valid UTF-8;
    /// the message names the file and, for bad UTF-8, the 1-based line and byte column.
    /// </exception>
    public static string[] Read(string path)
    {
        byte[] bytes = ReadBytes(path);
        int start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var lines = new List<string>();
        ReadOnlySpan<byte> rest = bytes.AsSpan(start);
        while (!rest.IsEmpty)
        {
            // Splitting on the byte 0x0A is safe: no multi-byte UTF-8 sequence contains it.
            int newline = rest.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = newline < 0 ? rest : rest[..newline];
            if (!line.IsEmpty && line[^1] == (byte)'\r')
                line = line[..^1];
            lines.Add(Decode(line, path, lines.Count + 1));
            rest = newline < 0 ? [] : rest[(newline + 1)..];
        }
        return [.. lines];
    }

    private static string Decode(ReadOnlySpan<byte> line, string path, int lineNumber)
    {
        try
        {
            return Strict.GetString(line);
        }
        catch (DecoderFallbackException e)
        {
            string column = e.Index >= 0 ? $", byte {e.Index + 1}" : "";
            throw new HeedInputException($"'{path}' line {lineNumber}{column}: invalid UTF-8.", e);
        }
    }

    private static byte[] ReadBytes(string path)
    {
        if (!File.Exists(path))
            throw new HeedInputException($"File not found: '{path}'.");
        try
        {
            if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
                return File.ReadAllBytes(path);
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var buffer = new MemoryStream();
            gzip.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new HeedInputException($"'{path}' is not valid gzip data: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HeedInputException($"Cannot read '{path}': {e.Message}", e);
        }
    }
}
