using Heed.Data;

namespace Heed.Tests.Data;

public class BatcherTests
{
    // 500 pairs with random lengths 2..40 (ids 4.. so padding is distinguishable), plus one pair of length 450
    // longer than the 400-token budget, which must get a batch of its own.
    private static (List<int[]> Sources, List<int[]> Targets) RandomPairs()
    {
        var random = new Random(3);
        var sources = new List<int[]>();
        var targets = new List<int[]>();
        for (int i = 0; i < 500; i++)
        {
            sources.Add(Enumerable.Range(0, random.Next(2, 41)).Select(_ => random.Next(4, 100)).ToArray());
            targets.Add(Enumerable.Range(0, random.Next(2, 41)).Select(_ => random.Next(4, 100)).ToArray());
        }
        sources.Add(Enumerable.Repeat(7, 450).ToArray());
        targets.Add([8, 9]);
        return (sources, targets);
    }

    private static void AssertEveryPairOnceAndPaddedCorrectly(IReadOnlyList<Batch> batches, List<int[]> sources, List<int[]> targets)
    {
        Assert.Equal(Enumerable.Range(0, sources.Count), batches.SelectMany(b => b.Indices).Order());
        foreach (Batch batch in batches)
        {
            Assert.Equal(batch.Size * batch.SourceLength, batch.Source.Length);
            Assert.Equal(batch.Size * batch.TargetLength, batch.Target.Length);
            for (int r = 0; r < batch.Size; r++)
            {
                int[] source = sources[batch.Indices[r]], target = targets[batch.Indices[r]];
                Assert.Equal(source.Length, batch.SourceLengths[r]);
                Assert.Equal(source, batch.Source.AsSpan(r * batch.SourceLength, source.Length).ToArray());
                Assert.All(batch.Source.AsSpan((r * batch.SourceLength) + source.Length, batch.SourceLength - source.Length).ToArray(),
                    id => Assert.Equal(Vocabulary.Pad, id));
                Assert.Equal(target, batch.Target.AsSpan(r * batch.TargetLength, target.Length).ToArray());
                Assert.All(batch.Target.AsSpan((r * batch.TargetLength) + target.Length, batch.TargetLength - target.Length).ToArray(),
                    id => Assert.Equal(Vocabulary.Pad, id));
            }
        }
    }

    [Fact]
    public void ShuffledByTokens_HoldsEveryPairOnce_WithinTheBudget()
    {
        var (sources, targets) = RandomPairs();
        var batches = new Batcher(sources, targets).Shuffled(BatchLimit.Tokens(400), seed: 1, chunkSize: 128);
        AssertEveryPairOnceAndPaddedCorrectly(batches, sources, targets);
        foreach (Batch batch in batches)
        {
            // Padded size recomputed from the raw lengths, not taken from the batch's own property.
            int padded = batch.Size * batch.Indices.Max(i => Math.Max(sources[i].Length, targets[i].Length));
            Assert.True(padded <= 400 || batch.Size == 1, $"batch of {batch.Size} has padded size {padded}");
        }
        Batch alone = Assert.Single(batches, b => b.Indices.Contains(500));
        Assert.Equal(1, alone.Size);
    }

    [Fact]
    public void Shuffled_SameSeedSameBatches_DifferentSeedDifferentOrder()
    {
        var (sources, targets) = RandomPairs();
        var batcher = new Batcher(sources, targets);
        int[][] Run(int seed) => batcher.Shuffled(BatchLimit.Tokens(400), seed, chunkSize: 128).Select(b => b.Indices).ToArray();
        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5), Run(6));
    }

    [Fact]
    public void Bucketing_ReducesPadding()
    {
        var (sources, targets) = RandomPairs();
        var batcher = new Batcher(sources, targets);
        double Padding(bool bucket) => batcher.Shuffled(BatchLimit.Tokens(400), 1, bucket, chunkSize: 128).Sum(b => b.PaddedTokens);
        Assert.True(Padding(true) < Padding(false));
    }

    [Fact]
    public void ShuffledBySentences_GivesFullBatchesExceptTheLast()
    {
        var (sources, targets) = RandomPairs();
        var batches = new Batcher(sources, targets).Shuffled(BatchLimit.Sentences(64), seed: 2, bucketByLength: false);
        AssertEveryPairOnceAndPaddedCorrectly(batches, sources, targets);
        // 501 pairs = 7 full batches of 64 + one of 53, in some shuffled order.
        Assert.Equal([53, 64, 64, 64, 64, 64, 64, 64], batches.Select(b => b.Size).Order());
    }

    [Fact]
    public void Ordered_KeepsInputOrder_AndSortedOrderCanBeRestored()
    {
        var (sources, _) = RandomPairs();
        var batcher = new Batcher(sources);
        var inOrder = batcher.Ordered(BatchLimit.Sentences(10));
        Assert.Equal(Enumerable.Range(0, sources.Count), inOrder.SelectMany(b => b.Indices));
        Assert.All(inOrder, b => Assert.Empty(b.Target));

        var sorted = batcher.Ordered(BatchLimit.Tokens(300), sortByLength: true);
        Assert.NotEqual(Enumerable.Range(0, sources.Count), sorted.SelectMany(b => b.Indices));
        // A "decoder" that outputs each row's first id: restored, it must equal each input's first id.
        var outputs = sorted.Select(b => (IReadOnlyList<int>)Enumerable.Range(0, b.Size).Select(r => b.Source[r * b.SourceLength]).ToArray()).ToArray();
        Assert.Equal(sources.Select(s => s[0]), Batcher.RestoreOrder(sorted, outputs, sources.Count));
    }

    [Fact]
    public void RestoreOrder_RejectsMissingRows()
    {
        var batcher = new Batcher([[4], [5], [6]]);
        var batches = batcher.Ordered(BatchLimit.Sentences(2));
        var e = Assert.Throws<ArgumentException>(() => Batcher.RestoreOrder(batches, [new[] { 1, 2 }, Array.Empty<int>()], 3));
        Assert.Contains("Batch 1", e.Message);
    }

    [Fact]
    public void Rows_RepadsToTheSelectedSentences()
    {
        // Expected by hand: rows 2 and 0 of the three pairs, padded to their own longest source (2) and target (3).
        var sources = new List<int[]> { new[] { 4, 5 }, new[] { 6, 7, 8, 9 }, new[] { 10 } };
        var targets = new List<int[]> { new[] { 11 }, new[] { 12, 13, 14, 15, 16 }, new[] { 17, 18, 19 } };
        var batch = new Batcher(sources, targets, padId: 1).Ordered(BatchLimit.Sentences(3)).Single();
        var part = batch.Rows([2, 0]);
        Assert.Equal(new[] { 2, 0 }, part.Indices);
        Assert.Equal(2, part.SourceLength);
        Assert.Equal(new[] { 10, 1, 4, 5 }, part.Source);
        Assert.Equal(3, part.TargetLength);
        Assert.Equal(new[] { 17, 18, 19, 11, 1, 1 }, part.Target);
        Assert.Equal(new[] { 1, 2 }, part.SourceLengths);
        Assert.Equal(new[] { 3, 1 }, part.TargetLengths);
        Assert.Throws<ArgumentException>(() => batch.Rows([3]));
    }
}
