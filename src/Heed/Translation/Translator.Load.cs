using Heed.Config;
using Heed.Decoding;
using Heed.Io;

namespace Heed.Translation;

/// <summary>
/// The library's front door: <see cref="Load"/> a model directory written by <c>heed train</c>, then translate one
/// string or a batch. A loaded translator may be used from several threads at once: the model is in evaluation
/// mode, where a search only reads the weights, and each call keeps its own state (results equal serial use).
/// </summary>
public sealed partial class Translator
{
    /// <summary>The experiment the model was trained with (its <c>decoding</c> section gives the defaults); null when
    /// the translator was built around a model in memory.</summary>
    public ExperimentConfig? Config { get; private init; }

    /// <summary>Loads a model directory (the best checkpoint, or the last when <paramref name="best"/> is false or no
    /// best exists) ready to translate.</summary>
    /// <exception cref="HeedInputException">a missing or malformed directory, config, vocabulary or checkpoint (the
    /// message names the file)</exception>
    public static Translator Load(string directory, bool best = true)
    {
        var (config, source, target, model) = new ModelDirectory(directory).Load(best);
        return new Translator(model, source, target, config.Data.MaxLength) { Config = config };
    }

    /// <summary>Translates one sentence (a batch of one); options left null take the model's decoding defaults.</summary>
    /// <exception cref="HeedInputException">options out of range (named)</exception>
    public Translation Translate(string sentence, TranslateOptions? options = null) => Translate([sentence], options)[0];

    /// <summary>Translates a batch (sorted by length inside; results in input order).</summary>
    /// <param name="sentences">source sentences</param>
    /// <param name="options">search settings; null fields take the model's decoding defaults</param>
    /// <param name="progress">told (done, total) after each group of batches</param>
    /// <param name="cancel">stops between groups of batches with <see cref="OperationCanceledException"/></param>
    /// <exception cref="HeedInputException">options out of range (named)</exception>
    public IReadOnlyList<Translation> Translate(IReadOnlyList<string> sentences, TranslateOptions? options,
        IProgress<TranslateProgress>? progress = null, CancellationToken cancel = default)
    {
        options ??= new TranslateOptions();
        var defaults = Config?.Decoding ?? new DecodingConfig();
        int beam = options.Beam ?? defaults.Beam, batchSize = options.BatchSize ?? defaults.BatchSize;
        if (beam < 1) throw new HeedInputException($"TranslateOptions.Beam is {beam}; it must be at least 1.");
        if (options.NBest < 1 || options.NBest > beam)
            throw new HeedInputException($"TranslateOptions.NBest is {options.NBest}; it must be in [1, beam = {beam}].");
        if (batchSize < 1) throw new HeedInputException($"TranslateOptions.BatchSize is {batchSize}; it must be at least 1.");
        var search = new SearchOptions(Beam: beam, Alpha: options.Alpha ?? defaults.Alpha,
            MaxLengthRatio: options.MaxLengthRatio ?? defaults.MaxLengthRatio, NBest: options.NBest);
        var perSentence = progress is null ? null : new Progress(sentences.Count, progress);
        return Translate(sentences, search, batchSize, options.ReplaceUnknown ?? defaults.ReplaceUnk, warn: null, perSentence, cancel);
    }

    /// <summary>Reports synchronously (System.Progress would post to the thread pool and arrive out of order).</summary>
    private sealed class Progress(int total, IProgress<TranslateProgress> target) : IProgress<int>
    {
        public void Report(int done) => target.Report(new TranslateProgress(done, total));
    }
}
