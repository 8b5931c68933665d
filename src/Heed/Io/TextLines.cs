using System.IO.Compression;
using System.Text;

namespace Heed.Io;

/// <summary>
/// Reads a UTF-8 text file as lines, strictly: invalid UTF-8 is an error naming the file and line rather
/// than a silent U+FFFD that would quietly change a score or a vocabulary.
/// </summary>
internal static class TextLines
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
        RejectOtherEncodings(bytes, path);
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

    /// <summary>
    /// Names the two common ways a file is not UTF-8 text before the line-by-line check would report a puzzling
    /// "invalid UTF-8" or, worse, accept it: a UTF-16/UTF-32 byte-order mark, and NUL bytes (binary data, or UTF-16
    /// without a mark), which valid UTF-8 text never holds.
    /// </summary>
    private static void RejectOtherEncodings(ReadOnlySpan<byte> bytes, string path)
    {
        string? encoding = bytes switch
        {
            [0xFF, 0xFE, 0x00, 0x00, ..] => "UTF-32LE",
            [0x00, 0x00, 0xFE, 0xFF, ..] => "UTF-32BE",
            [0xFF, 0xFE, ..] => "UTF-16LE",
            [0xFE, 0xFF, ..] => "UTF-16BE",
            _ => null,
        };
        if (encoding is not null)
            throw new HeedInputException($"'{path}' is {encoding} text (it starts with a {encoding} byte-order mark); Heed reads UTF-8. Convert it, e.g. iconv -f {encoding} -t UTF-8 '{path}' > converted.txt");
        int nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
        {
            int line = bytes[..nul].Count((byte)'\n') + 1;
            throw new HeedInputException($"'{path}' line {line}: a NUL byte at byte {nul + 1} of the file; this is a binary file (or UTF-16 without a byte-order mark), not UTF-8 text. Give a plain-text file with one sentence per line.");
        }
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
            throw new HeedInputException(Directory.Exists(path)
                ? $"'{path}' is a folder; give a text file (one sentence per line)."
                : $"File not found: '{path}'. Check the path (a config's relative paths start from the config file's folder).");
        try
        {
            byte[] bytes = File.ReadAllBytes(path);
            if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
                return bytes;
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var buffer = new MemoryStream();
            gzip.CopyTo(buffer);
            byte[] text = buffer.ToArray();
            if (!GzipTrailer.Matches(bytes, text))
                throw new HeedInputException($"'{path}' is truncated or damaged gzip data: its decompressed contents do not match the length and CRC-32 at its end. Copy or compress the file again.");
            return text;
        }
        catch (InvalidDataException e)
        {
            throw new HeedInputException($"'{path}' is not valid gzip data: {e.Message} Copy or compress the file again (or drop the .gz from a name that is plain text).", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HeedInputException($"Cannot read '{path}': {e.Message}", e);
        }
    }
}
