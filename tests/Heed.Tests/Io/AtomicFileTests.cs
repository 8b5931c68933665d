using Heed.Io;

namespace Heed.Tests.Io;

public class AtomicFileTests
{
    [Fact]
    public void Write_ReplacesTarget_AndLeavesNoTemporaryFile()
    {
        string dir = Directory.CreateTempSubdirectory("heed-atomic").FullName;
        string path = Path.Combine(dir, "a.txt");
        File.WriteAllText(path, "old");
        AtomicFile.WriteAllText(path, "new");
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public void Write_ThatThrows_KeepsOldFile_AndLeavesNoTemporaryFile()
    {
        string dir = Directory.CreateTempSubdirectory("heed-atomic").FullName;
        string path = Path.Combine(dir, "a.txt");
        File.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() =>
            AtomicFile.Write(path, s => { s.WriteByte(1); throw new InvalidOperationException("boom"); }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public void Write_ToMissingFolder_NamesThePath()
    {
        var e = Assert.Throws<IOException>(() => AtomicFile.WriteAllText("/nonexistent-heed/x/a.txt", "x"));
        Assert.Contains("/nonexistent-heed/x", e.Message);
    }
}
