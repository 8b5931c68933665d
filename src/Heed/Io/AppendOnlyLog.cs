namespace Heed.Io;

/// <summary>
/// Line-per-record files that are only ever appended to (metrics.jsonl): a process killed in the middle of an append
/// leaves its last line without a newline. Readers ignore that torn line; a writer cuts it off before appending, so
/// the next record does not fuse with it into one unreadable line.
/// </summary>
internal static class AppendOnlyLog
{
    /// <summary>The text up to and including its last newline: complete lines only.</summary>
    public static string CompleteLines(string text)
    {
        int end = text.LastIndexOf('\n');
        return end < 0 ? "" : text[..(end + 1)];
    }

    /// <summary>Truncates <paramref name="path"/> after its last newline, when it exists and its last line is torn.</summary>
    public static void TrimTornLine(string path)
    {
        if (!File.Exists(path)) return;
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        long length = file.Length;
        if (length == 0) return;
        // Scan back from the end for the last newline; a torn line is at most a few hundred bytes.
        var buffer = new byte[4096];
        long position = length;
        while (position > 0)
        {
            int count = (int)Math.Min(buffer.Length, position);
            position -= count;
            file.Position = position;
            file.ReadExactly(buffer, 0, count);
            int newline = Array.LastIndexOf(buffer, (byte)'\n', count - 1, count);
            if (newline >= 0)
            {
                if (position + newline + 1 < length) file.SetLength(position + newline + 1);
                return;
            }
        }
        file.SetLength(0); // not one complete line
    }
}
