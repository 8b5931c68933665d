using Heed.Config;
using Heed.Decoding;
using Heed.Models;
using Heed.Tensors;

namespace Heed.Tests.Decoding;

public class RowParallelSearchTests
{
    private static RnnSeq2Seq SmallModel() => SmallSearchModel.Create();

    private static SourceBatch Sources(int count, int seed) => SmallSearchModel.Sources(count, seed);

    [Theory]
    [InlineData(40, 1, 1)]
    [InlineData(40, 2, 2)]
    [InlineData(31, 2, 1)]  // 31 / 16 = 1: two chunks would leave one with 15 rows
    [InlineData(32, 2, 2)]
    [InlineData(128, 2, 2)]
    [InlineData(128, 16, 8)] // 128 / 16
    [InlineData(5, 4, 1)]
    [InlineData(0, 2, 1)]
    public void ChunkCount_KeepsEveryChunkAtLeastMinRows(int rows, int threads, int expected)
    {
        // Expected by hand: min(threads, ⌊rows / 16⌋), at least 1.
        Assert.Equal(expected, RowParallelSearch.ChunkCount(rows, threads));
    }

    [Fact]
    public void Map_JoinsChunkResults_InRowOrder_AndHandsEachChunkItsOwnPadding()
    {
        var model = SmallModel();
        var source = Sources(37, seed: 1);
        var seen = new System.Collections.Concurrent.ConcurrentBag<(int Rows, int MaxLength, int Threads)>();
        int[] firstIds;
        using (Parallelism.Use(2))
            firstIds = RowParallelSearch.Map(model, source, chunk =>
            {
                seen.Add((chunk.Batch, chunk.MaxLength, Parallelism.Threads));
                return Enumerable.Range(0, chunk.Batch).Select(r => chunk.Ids[r * chunk.MaxLength]).ToArray();
            });
        // Rows 0..17 and 18..36 (37·1/2 = 18), each on one thread, each padded to its own longest sentence.
        Assert.Equal(Enumerable.Range(0, 37).Select(r => source.Ids[r * source.MaxLength]), firstIds);
        Assert.Equal([18, 19], seen.Select(s => s.Rows).Order());
        Assert.All(seen, s => Assert.Equal(1, s.Threads));
        int Longest(int start, int count) => source.Lengths.Skip(start).Take(count).Max();
        Assert.Contains(seen, s => s.Rows == 18 && s.MaxLength == Longest(0, 18));
        Assert.Contains(seen, s => s.Rows == 19 && s.MaxLength == Longest(18, 19));
    }

    [Fact]
    public void Map_OnAModelInTrainingMode_DecodesInOnePiece()
    {
        // Dropout draws from one generator per layer: two threads stepping the model at once would race on it.
        var model = SmallModel();
        model.Train();
        var source = Sources(40, seed: 2);
        var sizes = new List<int>();
        using (Parallelism.Use(2))
            RowParallelSearch.Map(model, source, chunk => { sizes.Add(chunk.Batch); return new int[chunk.Batch]; });
        Assert.Equal([40], sizes);
    }

    [Fact]
    public void Map_RethrowsAChunksException_Unwrapped()
    {
        var model = SmallModel();
        using (Parallelism.Use(2))
            Assert.Throws<FormatException>(() => RowParallelSearch.Map<int>(model, Sources(40, seed: 3),
                chunk => chunk.Ids[0] < 0 ? [] : throw new FormatException("chunk failed")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Split_EqualsEachChunkDecodedAlone_AndTheWholeBatchOnOneThread(int beam)
    {
        var model = SmallModel();
        var source = Sources(40, seed: beam);
        var options = new SearchOptions(Beam: beam, NBest: beam, MaxLengthRatio: 2);
        IReadOnlyList<Hypothesis[]> split;
        using (Parallelism.Use(2)) split = RowParallelSearch.Decode(model, source, options);

        IReadOnlyList<Hypothesis[]> Alone(SourceBatch batch)
        {
            using var one = Parallelism.Use(1);
            return beam == 1 ? GreedySearch.Decode(model, batch, options).Select(h => new[] { h }).ToArray() : BeamSearch.Decode(model, batch, options);
        }
        // The oracle: rows 0..19 and 20..39 decoded as batches of their own on one thread — the same computation.
        var chunks = Alone(source.Rows(0, 20)).Concat(Alone(source.Rows(20, 20))).ToList();
        var whole = Alone(source);
        Assert.Equal(40, split.Count);
        for (int r = 0; r < 40; r++)
        {
            Assert.Equal(chunks[r].Length, split[r].Length);
            for (int i = 0; i < split[r].Length; i++)
            {
                Assert.Equal(chunks[r][i].Tokens, split[r][i].Tokens);
                Assert.Equal(chunks[r][i].Score, split[r][i].Score);
                Assert.Equal(chunks[r][i].LogProb, split[r][i].LogProb);
                Assert.Equal(chunks[r][i].Attention.Length, split[r][i].Attention.Length);
                for (int t = 0; t < split[r][i].Attention.Length; t++) Assert.Equal(chunks[r][i].Attention[t], split[r][i].Attention[t]);
            }
            // The whole batch pads every row to the batch's longest source and sums in other blocks: the same tokens,
            // scores equal up to float rounding.
            Assert.Equal(whole[r][0].Tokens, split[r][0].Tokens);
            Assert.Equal(whole[r][0].Score, split[r][0].Score, 4);
        }
    }
}
