using Heed.Decoding;
using Heed.Models;
using Heed.Tensors;

namespace Heed.Tests.Decoding;

[Collection(SerialCollection.Name)] // compares thread counts
public class SearchSchedulerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void DecodeAll_EqualsEachBatchDecodedAloneOnOneThread(int beam)
    {
        // Oracle: every batch decoded by itself with one thread. Five batches on two threads: two rounds of two whole
        // batches side by side, then one batch split by rows (40 rows: two chunks of 20), so both paths are covered.
        var model = SmallSearchModel.Create();
        var batches = Enumerable.Range(0, 5).Select(i => SmallSearchModel.Sources(i == 4 ? 40 : 10 + i, seed: i)).ToArray();
        var options = new SearchOptions(Beam: beam, MaxLengthRatio: 2, MaxLength: 12, NBest: beam);
        Hypothesis[][][] expected;
        using (Parallelism.Use(1))
            expected = batches.Select(b => RowParallelSearch.Decode(model, b, options).ToArray()).ToArray();
        IReadOnlyList<Hypothesis[]>[] actual;
        using (Parallelism.Use(2))
            actual = SearchScheduler.DecodeAll(model, batches, options);
        Assert.Equal(batches.Length, actual.Length);
        for (int b = 0; b < 4; b++) // whole batches: the same computation, bit for bit
            for (int r = 0; r < batches[b].Batch; r++)
                for (int k = 0; k < expected[b][r].Length; k++)
                {
                    Assert.Equal(expected[b][r][k].Tokens, actual[b][r][k].Tokens);
                    Assert.Equal(expected[b][r][k].Score, actual[b][r][k].Score);
                }
        for (int r = 0; r < 40; r++) // the split batch: re-padded chunks, so only rounding may differ
        {
            Assert.Equal(expected[4][r][0].Tokens, actual[4][r][0].Tokens);
            Assert.Equal(expected[4][r][0].Score, actual[4][r][0].Score, 1e-4);
        }
    }
}
