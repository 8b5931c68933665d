using Heed.Config;
using Heed.Data;
using Heed.Translation;

namespace Heed.Benchmarks;

/// <summary>
/// The training data of a config, tokenised and encoded the way the PyTorch peer (bench/compare_torch.sh) prepares
/// it, so that Heed and the peer are timed on the same amount of work.
/// </summary>
/// <remarks>
/// The peer adds BOS and EOS to both sides, so the source here gets BOS too (Heed's trainer gives sources only EOS);
/// the extra encoder step per sentence keeps the work equal. Vocabularies come from the config
/// (<c>data.min_freq</c>, <c>data.max_vocab</c>, tokenizer) exactly as the trainer builds them for a word tokenizer.
/// </remarks>
internal sealed class BenchmarkData
{
    private BenchmarkData(TextSide source, TextSide target, IReadOnlyList<int[]> sources, IReadOnlyList<int[]> targets)
    {
        Source = source; Target = target; Sources = sources; Targets = targets;
    }

    public TextSide Source { get; }
    public TextSide Target { get; }

    /// <summary>Encoded sources, BOS … EOS.</summary>
    public IReadOnlyList<int[]> Sources { get; }

    /// <summary>Encoded targets, BOS … EOS.</summary>
    public IReadOnlyList<int[]> Targets { get; }

    /// <summary>Reads the config's training files and builds the vocabularies.</summary>
    /// <exception cref="HeedInputException">the config asks for BPE (the peer has no BPE), or a file is missing or malformed.</exception>
    public static BenchmarkData Load(ExperimentConfig config)
    {
        var d = config.Data;
        if (d.Tokenizer == "bpe")
            throw new HeedInputException($"{config.Name}: data.tokenizer bpe is not supported by the benchmarks (the peer is word-level); use word or char.");
        var corpus = ParallelCorpus.ReadAligned(d.TrainSource, d.TrainTarget);
        var tokenizer = TextSide.BaseTokenizer(d);
        var sourceTokens = corpus.Sources.Select(tokenizer.Tokenize).ToList();
        var targetTokens = corpus.Targets.Select(tokenizer.Tokenize).ToList();
        var source = new TextSide(tokenizer, Vocabulary.Build(sourceTokens, d.MinFrequency, d.MaxVocabulary));
        var target = new TextSide(tokenizer, Vocabulary.Build(targetTokens, d.MinFrequency, d.MaxVocabulary));
        return new BenchmarkData(source, target,
            sourceTokens.Select(s => source.Vocabulary.Encode(s, addBos: true, addEos: true)).ToList(),
            targetTokens.Select(s => target.Vocabulary.Encode(s, addBos: true, addEos: true)).ToList());
    }

    /// <summary>
    /// <paramref name="count"/> batches of <paramref name="batchSize"/> consecutive pairs from the start of the corpus,
    /// in file order and unsorted, as ../shared/peers/torch_transformer.py makes them (so each batch is padded to its
    /// own longest sentence, as there).
    /// </summary>
    /// <exception cref="HeedInputException">the corpus holds fewer pairs than asked for.</exception>
    public IReadOnlyList<Batch> FileOrderBatches(int count, int batchSize)
    {
        int needed = count * batchSize;
        if (needed > Sources.Count)
            throw new HeedInputException($"{count} batches of {batchSize} need {needed} sentence pairs; the training data has {Sources.Count}.");
        return new Batcher(Sources.Take(needed).ToList(), Targets.Take(needed).ToList(), Vocabulary.Pad)
            .Ordered(BatchLimit.Sentences(batchSize), sortByLength: false);
    }

    /// <summary>
    /// <paramref name="count"/> batches of <paramref name="batchSize"/> pairs as the peer's <c>--fast</c> mode makes
    /// them: a seeded random sample of count·batchSize pairs, sorted by source length, cut into consecutive batches.
    /// </summary>
    /// <exception cref="HeedInputException">the corpus holds fewer pairs than asked for.</exception>
    public IReadOnlyList<Batch> PeerBatches(int count, int batchSize, int seed = 0)
    {
        int needed = count * batchSize;
        if (needed > Sources.Count)
            throw new HeedInputException($"{count} batches of {batchSize} need {needed} sentence pairs; the training data has {Sources.Count}.");
        var order = Enumerable.Range(0, Sources.Count).ToArray();
        new Random(seed).Shuffle(order);
        var take = order[..needed].OrderBy(i => Sources[i].Length).ToArray();
        var sources = take.Select(i => Sources[i]).ToList();
        var targets = take.Select(i => Targets[i]).ToList();
        return new Batcher(sources, targets, Vocabulary.Pad).Ordered(BatchLimit.Sentences(batchSize));
    }
}
