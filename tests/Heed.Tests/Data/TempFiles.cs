namespace Heed.Tests.Data;

/// <summary>Fresh temporary folder per test, for files the data readers consume.</summary>
internal static class TempFiles
{
    internal static string Folder() => Directory.CreateTempSubdirectory("heed-data").FullName;

    internal static string Write(string folder, string name, byte[] bytes)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    internal static string Write(string folder, string name, string text) =>
        Write(folder, name, new System.Text.UTF8Encoding(false).GetBytes(text));
}
