using Heed.Models;

namespace Heed.Tests.Models;

public class SourceBatchTests
{
    [Fact]
    public void Rows_AreRePaddedToTheirOwnLongestSentence()
    {
        var batch = SourceBatch.FromSequences([[4, 3], [5, 6, 7, 8, 3], [9, 3], [4, 5, 3]], pad: 1);
        var rows = batch.Rows(2, 2);
        // By hand: rows 2 and 3 are [9, 3] and [4, 5, 3]; the longer has 3 tokens, so the padded width is 3, not 5.
        Assert.Equal(2, rows.Batch);
        Assert.Equal(3, rows.MaxLength);
        Assert.Equal([2, 3], rows.Lengths);
        Assert.Equal([9, 3, 1, 4, 5, 3], rows.Ids);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(3, 2)]
    [InlineData(0, -1)]
    public void Rows_OutsideTheBatch_Throw_NamingTheRange(int start, int count)
    {
        var batch = SourceBatch.FromSequences([[4, 3], [5, 3], [6, 3], [7, 3]], pad: 1);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => batch.Rows(start, count));
        Assert.Contains($"[{start}, {start + count})", e.Message);
    }
}
