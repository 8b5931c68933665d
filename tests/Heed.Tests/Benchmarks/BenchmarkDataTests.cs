using Heed.Benchmarks;
using Heed.Config;
using Heed.Data;

namespace Heed.Tests.Benchmarks;

public class BenchmarkDataTests
{
    private static ExperimentConfig WriteCorpus(string folder, int pairs)
    {
        // Source sentence i has i % 5 + 1 words, so lengths repeat and sorting is visible.
        var src = Enumerable.Range(0, pairs).Select(i => string.Join(' ', Enumerable.Repeat("haus", i % 5 + 1)));
        var trg = Enumerable.Range(0, pairs).Select(i => "the house");
        File.WriteAllLines(Path.Combine(folder, "train.de"), src);
        File.WriteAllLines(Path.Combine(folder, "train.en"), trg);
        var yaml = "data:\n  train_src: train.de\n  train_trg: train.en\n  lowercase: true\n  min_freq: 2\n";
        string file = Path.Combine(folder, "c.yaml");
        File.WriteAllText(file, yaml);
        return ExperimentConfig.Load(file);
    }

    [Fact]
    public void PeerBatches_AreFullSortedBySourceLength_WithBosAndEosOnBothSides()
    {
        string folder = Directory.CreateTempSubdirectory("heed-benchdata-").FullName;
        try
        {
            var data = BenchmarkData.Load(WriteCorpus(folder, 40));
            var batches = data.PeerBatches(count: 3, batchSize: 8, seed: 0);
            Assert.Equal(3, batches.Count);
            Assert.All(batches, b => Assert.Equal(8, b.Size));
            var lengths = batches.SelectMany(b => b.SourceLengths).ToArray();
            Assert.Equal(lengths.Order().ToArray(), lengths);          // sorted across the whole sample, as the peer does
            Assert.All(batches, b => Assert.Equal(Vocabulary.Bos, b.Source[0]));
            Assert.All(batches, b => Assert.Equal(Vocabulary.Bos, b.Target[0]));
            // "haus" ×(1..5) plus BOS and EOS: 3 to 7 ids.
            Assert.InRange(lengths.Min(), 3, 7);
            Assert.InRange(lengths.Max(), 3, 7);
            var e = Assert.Throws<HeedInputException>(() => data.PeerBatches(count: 6, batchSize: 8));
            Assert.Contains("40", e.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void FileOrderBatches_AreTheFirstPairsInFileOrder_AsTorchTransformerPyTakesThem()
    {
        string folder = Directory.CreateTempSubdirectory("heed-benchdata-").FullName;
        try
        {
            var data = BenchmarkData.Load(WriteCorpus(folder, 40));
            var batches = data.FileOrderBatches(count: 2, batchSize: 8);
            Assert.Equal(2, batches.Count);
            // Sentence i has i % 5 + 1 words + BOS + EOS, so the first 16 in order have lengths 3,4,5,6,7,3,4,… .
            var expected = Enumerable.Range(0, 16).Select(i => i % 5 + 3).ToArray();
            Assert.Equal(expected, batches.SelectMany(b => b.SourceLengths).ToArray());
            var e = Assert.Throws<HeedInputException>(() => data.FileOrderBatches(count: 6, batchSize: 8));
            Assert.Contains("40", e.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
