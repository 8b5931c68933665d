using System.IO.Compression;
using System.Text;
using Heed.Data;

namespace Heed.Tests.Data;

public class ParallelCorpusTests
{
    [Fact]
    public void ReadAligned_PairsLines_SkipsAndCountsEmptyOnes_KeepsLineNumbers()
    {
        string dir = TempFiles.Folder();
        string src = TempFiles.Write(dir, "a.en", "Hello .\r\n\n  \t\nA dog runs .\nlast\n");
        string trg = TempFiles.Write(dir, "a.de", "Hallo .\r\nleer\nauch leer\n  Ein Hund rennt .  \n \n");
        var corpus = ParallelCorpus.ReadAligned(src, trg);
        // Lines 2 and 3 have an empty source, line 5 an empty (blank) target.
        Assert.Equal(3, corpus.SkippedEmpty);
        Assert.Equal(["Hello .", "A dog runs ."], corpus.Sources);
        Assert.Equal(["Hallo .", "Ein Hund rennt ."], corpus.Targets);
        Assert.Equal([1, 4], corpus.LineNumbers);
    }

    [Fact]
    public void ReadAligned_DifferentLineCounts_NamesBothFilesAndCounts()
    {
        string dir = TempFiles.Folder();
        string src = TempFiles.Write(dir, "x.en", "a\nb\nc\n");
        string trg = TempFiles.Write(dir, "x.de", "a\nb\n");
        var e = Assert.Throws<HeedInputException>(() => ParallelCorpus.ReadAligned(src, trg));
        Assert.Contains(src, e.Message);
        Assert.Contains(trg, e.Message);
        Assert.Contains("3 lines", e.Message);
        Assert.Contains("2 lines", e.Message);
    }

    [Fact]
    public void ReadAligned_MissingFile_NamesIt()
    {
        string dir = TempFiles.Folder();
        string src = TempFiles.Write(dir, "y.en", "a\n");
        string missing = Path.Combine(dir, "nope.de");
        var e = Assert.Throws<HeedInputException>(() => ParallelCorpus.ReadAligned(src, missing));
        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void InvalidUtf8_NamesFileAndOneBasedLine()
    {
        string dir = TempFiles.Folder();
        // Line 3 holds a lone continuation byte 0x80, which no UTF-8 sequence may start with.
        byte[] bytes = [.. "ok\nfine\nba"u8, 0x80, .. "d\nok\n"u8];
        string path = TempFiles.Write(dir, "bad.en", bytes);
        string other = TempFiles.Write(dir, "good.de", "1\n2\n3\n4\n");
        var e = Assert.Throws<HeedInputException>(() => ParallelCorpus.ReadAligned(path, other));
        Assert.Contains(path, e.Message);
        Assert.Contains("line 3", e.Message);
    }

    [Fact]
    public void InvalidUtf8_AfterALineLongerThanTheReadBuffer_StillGetsTheRightLine()
    {
        string dir = TempFiles.Folder();
        // 200,000 bytes on line 1 spans several 64 KiB reads; line 2 is an overlong encoding of '/' (C0 AF), always invalid.
        byte[] bytes = [.. Encoding.ASCII.GetBytes(new string('x', 200_000)), (byte)'\n', 0xC0, 0xAF, (byte)'\n'];
        string path = TempFiles.Write(dir, "long.txt", bytes);
        var e = Assert.Throws<HeedInputException>(() => ParallelCorpus.ReadTsv(path));
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void LongLinesAndUnicode_SurviveChunkBoundaries()
    {
        string dir = TempFiles.Folder();
        // 'ü' is 2 bytes and '€' 3 bytes in UTF-8, so some characters straddle the 64 KiB read boundary.
        string longLine = string.Concat(Enumerable.Repeat("Grüße€ ", 20_000)).Trim();
        string src = TempFiles.Write(dir, "l.de", longLine + "\nzwei");
        string trg = TempFiles.Write(dir, "l.en", "one\ntwo");
        var corpus = ParallelCorpus.ReadAligned(src, trg);
        Assert.Equal([longLine, "zwei"], corpus.Sources);
    }

    [Fact]
    public void GzipFiles_AreReadTransparently_ByExtension()
    {
        string dir = TempFiles.Folder();
        string src = Path.Combine(dir, "c.en.gz");
        using (var file = File.Create(src))
        using (var gz = new GZipStream(file, CompressionLevel.Optimal))
            gz.Write("A man .\nTwo dogs .\n"u8);
        string trg = TempFiles.Write(dir, "c.de", "Ein Mann .\nZwei Hunde .\n");
        var corpus = ParallelCorpus.ReadAligned(src, trg);
        Assert.Equal(["A man .", "Two dogs ."], corpus.Sources);
        Assert.Equal(2, corpus.Count);
    }

    [Fact]
    public void CorruptGzip_NamesTheFile()
    {
        string dir = TempFiles.Folder();
        string path = TempFiles.Write(dir, "broken.gz", "this is not gzip data at all\n");
        var e = Assert.Throws<HeedInputException>(() => ParallelCorpus.ReadTsv(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void ReadTsv_SplitsOnTheTab_AndRejectsLinesWithoutExactlyOne()
    {
        string dir = TempFiles.Folder();
        string good = TempFiles.Write(dir, "p.tsv", "\uFEFFHi .\tSalut .\n\nonly source\t\nBye\tAu revoir\n");
        var corpus = ParallelCorpus.ReadTsv(good);
        Assert.Equal(["Hi .", "Bye"], corpus.Sources);
        Assert.Equal(["Salut .", "Au revoir"], corpus.Targets);
        Assert.Equal(2, corpus.SkippedEmpty);
        Assert.Equal([1, 4], corpus.LineNumbers);

        string bad = TempFiles.Write(dir, "q.tsv", "a\tb\nc\td\tx\n");
        var e = Assert.Throws<HeedInputException>(() => ParallelCorpus.ReadTsv(bad));
        Assert.Contains(bad, e.Message);
        Assert.Contains("line 2", e.Message);
        string noTab = TempFiles.Write(dir, "r.tsv", "a\tb\nc d\n");
        Assert.Contains("line 2", Assert.Throws<HeedInputException>(() => ParallelCorpus.ReadTsv(noTab)).Message);
    }

    [Fact]
    public void Tokenize_DropsAndCountsPairsOverTheLengthLimit()
    {
        var corpus = ParallelCorpus.FromLines(
            ["a b c", "a b c d e", "x", "p q"],
            ["1 2", "1", "1 2 3 4", "9"]);
        // Token counts (whitespace words): source 3,5,1,2 and target 2,1,4,1.
        // Limits 4 and 3 drop pair 2 (source 5 > 4) and pair 3 (target 4 > 3).
        var tokenized = corpus.Tokenize(new WordTokenizer(), new WordTokenizer(), maxSourceTokens: 4, maxTargetTokens: 3);
        Assert.Equal(2, tokenized.DroppedTooLong);
        Assert.Equal(0, tokenized.DroppedEmpty);
        Assert.Equal([1, 4], tokenized.LineNumbers);
        Assert.Equal(["p", "q"], tokenized.Sources[1]);
        Assert.Equal(["9"], tokenized.Targets[1]);
    }
}
