namespace Heed.Data;

/// <summary>
/// Compares strings by Unicode code point, as Python and UTF-8 byte order do. Ordinal UTF-16 order differs only
/// when a surrogate (a code point above U+FFFF) meets a character in U+E000..U+FFFF.
/// </summary>
internal static class CodePointOrder
{
    internal static int Compare(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            char x = a[i], y = b[i];
            if (x != y)
                return Fix(x) - Fix(y);
        }
        return a.Length - b.Length;
    }

    // Moves surrogates above U+E000..U+FFFF and that range down, keeping the order inside each group.
    private static int Fix(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
}
