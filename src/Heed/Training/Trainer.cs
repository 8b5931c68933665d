using System.Diagnostics;
using System.Globalization;
using Heed.Config;
using Heed.Data;
using Heed.Decoding;
using Heed.Io;
using Heed.Metrics;
using Heed.Models;
using Heed.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Memory;
using Heed.Tensors.Nn;
using Heed.Tensors.Optim;
using Heed.Translation;

namespace Heed.Training;

/// <summary>What training produced.</summary>
public sealed record TrainingResult(long Steps, int Epochs, double BestDevBleu, double LastTrainLoss, TimeSpan Elapsed, string ModelDir, bool StoppedEarly);

/// <summary>
/// Trains any <see cref="Seq2SeqModel"/> (the kind <c>model.type</c> names) from an <see cref="ExperimentConfig"/>:
/// teacher forcing, cross-entropy with label smoothing (padding ignored), Adam or AdamW, gradient clipping, the
/// learning-rate schedule of <c>training.schedule</c> (<see cref="LearningRateSchedule"/>), validation (loss,
/// perplexity, BLEU), early stopping on dev BLEU, best and last checkpoints, and resuming from last.
/// </summary>
/// <remarks>
/// Runs repeat exactly for the same seed and thread count: batch order comes from (seed, epoch), and every dropout
/// layer is reseeded from (seed, step, layer) before each step, so a resumed run draws the same masks it would have.
/// </remarks>
public sealed class Trainer
{
    private readonly ExperimentConfig _config;
    private readonly ModelDirectory _dir;
    private readonly Action<string> _log;

    /// <summary>Called after every step, for progress displays.</summary>
    public Action<TrainingProgress>? OnProgress { get; set; }

    /// <summary>Test seam: called after every optimiser step with the model and the step number.</summary>
    internal Action<Seq2SeqModel, long>? AfterStep { get; set; }

    /// <summary>Sets up training as <paramref name="config"/> describes; <paramref name="log"/>, if given, receives log lines.</summary>
    public Trainer(ExperimentConfig config, Action<string>? log = null)
    {
        // A config built in code has no loader to catch this: with both sizes positive the token limit would win and
        // BatchSentences be ignored without a word (the YAML loader zeroes the size not given, so it never gets here).
        var t = config.Training;
        if (t.BatchTokens > 0 && t.BatchSentences > 0)
            throw new HeedInputException($"training.batch_tokens (BatchTokens) = {t.BatchTokens} and training.batch_sentences (BatchSentences) = {t.BatchSentences} are both positive, so one would be ignored: give only one (BatchTokens: 0 batches by sentences).");
        if (t.BatchTokens <= 0 && t.BatchSentences <= 0)
            throw new HeedInputException($"training.batch_tokens (BatchTokens) = {t.BatchTokens} and training.batch_sentences (BatchSentences) = {t.BatchSentences}: give one of them a positive size.");
        _config = config;
        _dir = new ModelDirectory(config.Training.ModelDir);
        _log = log ?? (_ => { });
    }

    private void Log(string message)
    {
        string line = $"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} {message}";
        _log(message);
        File.AppendAllText(_dir.LogFile, line + "\n");
    }

    /// <summary>Trains from scratch, or continues from <c>last.safetensors</c> when <paramref name="resume"/> is set.</summary>
    public TrainingResult Run(bool resume = false, CancellationToken cancel = default)
    {
        var c = _config;
        using var threads = Parallelism.Use(c.Training.Threads > 0 ? c.Training.Threads : Environment.ProcessorCount);
        _dir.Create();
        using var directoryLock = ModelDirectoryLock.Acquire(_dir.Path, Log);
        // A fresh run must not leave an earlier run's files behind: a stale best.safetensors would be loaded (with the
        // new vocabularies) if this run stopped before its first validation, and old metrics would join the new curve.
        if (!resume) _dir.ClearTrainingOutputs();
        var clock = Stopwatch.StartNew();

        // ---- data ----
        var corpus = ParallelCorpus.ReadAligned(c.Data.TrainSource, c.Data.TrainTarget);
        Log($"train: {corpus.Count} sentence pairs from '{c.Data.TrainSource}' and '{c.Data.TrainTarget}'; {corpus.SkippedEmpty} empty lines skipped");
        var (source, target) = resume ? _dir.LoadTextSides(c) : BuildTextSides(corpus);
        if (!resume) _dir.SaveTextSides(c, source, target);
        var tokenized = corpus.Tokenize(source.Tokenizer, target.Tokenizer, c.Data.MaxLength);
        Log($"train: {tokenized.Count} pairs kept, {tokenized.DroppedTooLong} longer than {c.Data.MaxLength} tokens dropped; vocabularies {source.Vocabulary.Count} (source) and {target.Vocabulary.Count} (target)");
        int take = c.Data.MaxSentences > 0 ? Math.Min(c.Data.MaxSentences, tokenized.Count) : tokenized.Count;
        if (take == 0)
            throw new HeedInputException($"No sentence pairs to train on in '{c.Data.TrainSource}' and '{c.Data.TrainTarget}': {corpus.SkippedEmpty + tokenized.DroppedEmpty} had an empty side, " +
                $"{tokenized.DroppedTooLong} were longer than data.max_length = {c.Data.MaxLength} tokens. Check the files, or raise data.max_length.");
        var srcIds = tokenized.Sources.Take(take).Select(s => source.Vocabulary.Encode(s, addBos: false, addEos: true)).ToList();
        var trgIds = tokenized.Targets.Take(take).Select(s => target.Vocabulary.Encode(s, addBos: true, addEos: true)).ToList();
        var batcher = new Batcher(srcIds, trgIds, Vocabulary.Pad);
        var limit = c.Training.BatchTokens > 0 ? BatchLimit.Tokens(c.Training.BatchTokens) : BatchLimit.Sentences(c.Training.BatchSentences);

        ParallelCorpus? dev = c.Data.DevSource is not null ? ParallelCorpus.ReadAligned(c.Data.DevSource, c.Data.DevTarget!) : null;

        // ---- model and optimiser ----
        var model = ModelFactory.Create(c.Model, source.Vocabulary.Count, target.Vocabulary.Count, c.Training.Seed);
        var optimizer = OptimizerFactory.Create(c.Training, model);
        var schedule = LearningRateSchedule.From(c.Training);
        var dropouts = model.Modules().OfType<Dropout>().ToArray();
        var step = new TrainingStep(model, optimizer, (float)c.Training.Clip, (float)c.Training.LabelSmoothing);
        Log($"model: {c.Model.Type} ({c.Model.Summary}), {model.ParameterCount():N0} parameters; {c.Training.Optimizer}, {c.Training.Schedule} schedule; {Parallelism.Threads} threads");

        var progress = new ProgressState();
        if (resume) Resume(model, optimizer, schedule, progress);
        var metrics = new MetricsWriter(_dir.MetricsFile);

        int stepsPerEpoch = batcher.Shuffled(limit, c.Training.Seed).Count;
        long totalSteps = c.Training.MaxSteps > 0 ? Math.Min(c.Training.MaxSteps, (long)stepsPerEpoch * c.Training.Epochs) : (long)stepsPerEpoch * c.Training.Epochs;
        int validateEvery = c.Training.ValidateEvery > 0 ? c.Training.ValidateEvery : stepsPerEpoch;
        double lossSum = 0; long tokenSum = 0; int lossCount = 0; double lastLoss = double.NaN;
        var window = Stopwatch.StartNew(); long windowTokens = 0;
        bool stop = false, stoppedEarly = false;

        for (int epoch = progress.Epoch; epoch < c.Training.Epochs && !stop; epoch++)
        {
            var batches = batcher.Shuffled(limit, unchecked(c.Training.Seed * 7919 + epoch));
            for (int index = epoch == progress.Epoch ? progress.BatchInEpoch : 0; index < batches.Count; index++)
            {
                if (cancel.IsCancellationRequested)
                {
                    // Between steps the state is whole: save it so that --resume continues from this very step.
                    SaveLast(model, optimizer, schedule, progress);
                    Log($"interrupted: stopped after step {progress.Step}, saved '{_dir.LastCheckpoint}'");
                    throw new TrainingInterruptedException(progress.Step, _dir.LastCheckpoint, cancel);
                }
                var batch = batches[index];
                for (int i = 0; i < dropouts.Length; i++)
                    dropouts[i].Reseed(StreamKey.Of(c.Training.Seed, progress.Step, i));
                optimizer.LearningRate = schedule.RateAt(progress.Step + 1);
                float loss;
                int tokens;
                using (TensorScope.Begin())
                {
                    (loss, tokens) = step.Gradients(batch);
                    if (!float.IsFinite(loss))
                        throw new TrainingDivergedException(
                            $"The training loss became {loss} at step {progress.Step + 1} (epoch {epoch + 1}); stopped. The last good checkpoint is '{_dir.LastCheckpoint}' (if one was written). Try a lower training.lr or training.clip.");
                    step.Apply();
                }
                progress.Step++;
                AfterStep?.Invoke(model, progress.Step);
                progress.Epoch = epoch;
                progress.BatchInEpoch = index + 1;
                lossSum += loss * tokens; tokenSum += tokens; lossCount++; windowTokens += tokens; lastLoss = loss;

                double tokensPerSecond = windowTokens / Math.Max(1e-9, window.Elapsed.TotalSeconds);
                if (progress.Step % c.Training.LogEvery == 0)
                {
                    double mean = lossSum / Math.Max(1, tokenSum);
                    metrics.Write(("step", progress.Step), ("epoch", epoch + 1), ("train_loss", mean), ("lr", optimizer.LearningRate),
                        ("tokens_per_s", tokensPerSecond), ("elapsed_s", clock.Elapsed.TotalSeconds));
                    Log($"epoch {epoch + 1} step {progress.Step}: loss {mean:F4}, lr {optimizer.LearningRate:G3}, {tokensPerSecond:F0} target tokens/s");
                    lossSum = 0; tokenSum = 0; lossCount = 0; windowTokens = 0; window.Restart();
                }
                double fraction = totalSteps > 0 ? (double)progress.Step / totalSteps : 0;
                TimeSpan? remaining = fraction > 0 ? TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds * (1 - fraction) / fraction) : null;
                OnProgress?.Invoke(new TrainingProgress(epoch + 1, c.Training.Epochs, progress.Step, totalSteps, loss, tokensPerSecond,
                    optimizer.LearningRate, clock.Elapsed, remaining, progress.BestBleu >= 0 ? progress.BestBleu : null));

                bool outOfTime = c.Training.MaxMinutes > 0 && clock.Elapsed.TotalMinutes >= c.Training.MaxMinutes;
                bool outOfSteps = c.Training.MaxSteps > 0 && progress.Step >= c.Training.MaxSteps;
                bool lastOfAll = index == batches.Count - 1 && epoch == c.Training.Epochs - 1;
                if (progress.Step % validateEvery == 0 || outOfTime || outOfSteps || lastOfAll)
                {
                    if (index == batches.Count - 1) { progress.Epoch = epoch + 1; progress.BatchInEpoch = 0; }
                    bool improved = Validate(model, source, target, dev, metrics, schedule, progress, epoch);
                    SaveLast(model, optimizer, schedule, progress);
                    if (improved) ModelDirectory.SaveCheckpoint(_dir.BestCheckpoint, model, metadata: Metadata(progress));
                    if (c.Training.EarlyStoppingPatience > 0 && progress.BadValidations >= c.Training.EarlyStoppingPatience)
                    {
                        Log($"early stopping: dev BLEU has not improved for {progress.BadValidations} validations");
                        stop = stoppedEarly = true;
                    }
                }
                if (outOfTime) { Log($"stopping: training.max_minutes = {c.Training.MaxMinutes} reached"); stop = true; }
                if (outOfSteps) { Log($"stopping: training.max_steps = {c.Training.MaxSteps} reached"); stop = true; }
                if (stop) break;
            }
            if (!stop) { progress.Epoch = epoch + 1; progress.BatchInEpoch = 0; }
        }
        Log($"done: {progress.Step} steps in {clock.Elapsed.TotalMinutes:F1} minutes; best dev BLEU {progress.BestBleu:F2}");
        return new TrainingResult(progress.Step, progress.Epoch, progress.BestBleu, lastLoss, clock.Elapsed, _dir.Path, stoppedEarly);
    }

    private (TextSide Source, TextSide Target) BuildTextSides(ParallelCorpus corpus)
    {
        var d = _config.Data;
        var baseTokenizer = TextSide.BaseTokenizer(d);
        if (d.JointVocabulary)
        {
            // One tokenizer and one vocabulary from both sides' text, so a token has one id on either side.
            var both = corpus.Sources.Concat(corpus.Targets).ToList();
            ITokenizer tokenizer = baseTokenizer;
            if (d.Tokenizer == "bpe")
            {
                tokenizer = BpeTokenizer.Learn(both, baseTokenizer, d.BpeMerges);
                Log($"bpe: learned {d.BpeMerges} merges from both sides (joint vocabulary)");
            }
            var joint = new TextSide(tokenizer, Vocabulary.Build(both.Select(tokenizer.Tokenize), d.MinFrequency, d.MaxVocabulary));
            return (joint, joint);
        }
        ITokenizer sourceTokenizer = baseTokenizer, targetTokenizer = baseTokenizer;
        if (d.Tokenizer == "bpe")
        {
            sourceTokenizer = BpeTokenizer.Learn(corpus.Sources, baseTokenizer, d.BpeMerges);
            targetTokenizer = BpeTokenizer.Learn(corpus.Targets, baseTokenizer, d.BpeMerges);
            Log($"bpe: learned {d.BpeMerges} merges per side");
        }
        var sourceVocab = Vocabulary.Build(corpus.Sources.Select(sourceTokenizer.Tokenize), d.MinFrequency, d.MaxVocabulary);
        var targetVocab = Vocabulary.Build(corpus.Targets.Select(targetTokenizer.Tokenize), d.MinFrequency, d.MaxVocabulary);
        return (new TextSide(sourceTokenizer, sourceVocab), new TextSide(targetTokenizer, targetVocab));
    }

    /// <summary>Dev loss, perplexity and BLEU; reports the dev loss to the schedule; true when BLEU improved, or tied at a lower dev loss.</summary>
    private bool Validate(Seq2SeqModel model, TextSide source, TextSide target, ParallelCorpus? dev, MetricsWriter metrics,
        LearningRateSchedule schedule, ProgressState progress, int epoch)
    {
        if (dev is null)
        {
            progress.BestBleu = Math.Max(progress.BestBleu, 0);
            return true; // without dev data, the latest model is the best we know
        }
        var sw = Stopwatch.StartNew();
        model.Eval();
        try
        {
            var srcIds = dev.Sources.Select(s => source.Encode(s, bos: false)).ToList();
            var trgIds = dev.Targets.Select(t => target.Encode(t, bos: true)).ToList();
            double lossSum = 0; long tokens = 0;
            using (GradMode.NoGrad())
                foreach (var batch in new Batcher(srcIds, trgIds, Vocabulary.Pad).Ordered(BatchLimit.Sentences(64), sortByLength: true))
                {
                    using var scope = TensorScope.Begin();
                    var src = SourceBatch.Of(batch);
                    var (loss, n) = model.Loss(src, batch.Target, batch.TargetLength, labelSmoothing: 0);
                    lossSum += loss.Item() * n; tokens += n;
                }
            double devLoss = lossSum / Math.Max(1, tokens);
            var translator = new Translator(model, source, target, _config.Data.MaxLength);
            var options = new SearchOptions(Beam: 1, MaxLengthRatio: _config.Decoding.MaxLengthRatio);
            var hyps = translator.Translate(dev.Sources, options, batchSize: 64).Select(t => t.Text).ToList();
            var bleu = new Bleu(lowercase: _config.Data.Lowercase).CorpusScore(hyps, dev.Targets.ToList());
            float rateBefore = schedule.RateAt(progress.Step + 1);
            schedule.Observe((float)devLoss);
            float rateAfter = schedule.RateAt(progress.Step + 1);
            // Ties on BLEU (common when outputs are single words, whose BLEU is 0 or 100) go to the lower dev loss.
            bool improved = bleu.Score > progress.BestBleu + 1e-9
                || (Math.Abs(bleu.Score - progress.BestBleu) <= 1e-9 && devLoss < progress.BestDevLoss);
            if (improved) { progress.BestBleu = bleu.Score; progress.BestDevLoss = devLoss; progress.BadValidations = 0; }
            else progress.BadValidations++;
            metrics.Write(("step", progress.Step), ("epoch", epoch + 1), ("dev_loss", devLoss), ("dev_ppl", Math.Exp(devLoss)),
                ("dev_bleu", bleu.Score), ("lr", rateAfter), ("validation_s", sw.Elapsed.TotalSeconds));
            Log($"validation at step {progress.Step}: dev loss {devLoss:F4}, ppl {Math.Exp(devLoss):F2}, greedy BLEU {bleu.Score:F2}{(improved ? " (best)" : "")}" +
                (rateAfter < rateBefore ? $"; lr decayed to {rateAfter:G3}" : "") + $" [{sw.Elapsed.TotalSeconds:F0} s]");
            if (hyps.Count > 0) Log($"  example: {dev.Sources[0]} → {hyps[0]}");
            return improved;
        }
        finally
        {
            model.Train();
        }
    }

    private sealed class ProgressState
    {
        public long Step;
        public int Epoch;
        public int BatchInEpoch;
        public double BestBleu = -1;
        public double BestDevLoss = double.PositiveInfinity;
        public int BadValidations;
    }

    private static Dictionary<string, string> Metadata(ProgressState p) => new()
    {
        ["step"] = p.Step.ToString(CultureInfo.InvariantCulture),
        ["epoch"] = p.Epoch.ToString(CultureInfo.InvariantCulture),
        ["batch_in_epoch"] = p.BatchInEpoch.ToString(CultureInfo.InvariantCulture),
        ["best_bleu"] = p.BestBleu.ToString("R", CultureInfo.InvariantCulture),
        ["best_dev_loss"] = p.BestDevLoss.ToString("R", CultureInfo.InvariantCulture),
        ["bad_validations"] = p.BadValidations.ToString(CultureInfo.InvariantCulture),
    };

    private void SaveLast(Seq2SeqModel model, Optimizer optimizer, LearningRateSchedule schedule, ProgressState progress) =>
        ModelDirectory.SaveCheckpoint(_dir.LastCheckpoint, model,
            optimizer.ExportState().Concat(schedule.ExportState()), Metadata(progress));

    private void Resume(Seq2SeqModel model, Optimizer optimizer, LearningRateSchedule schedule, ProgressState progress)
    {
        if (!File.Exists(_dir.LastCheckpoint))
            throw new HeedInputException($"Cannot resume: '{_dir.LastCheckpoint}' does not exist (no training has saved there yet).");
        var contents = ModelDirectory.LoadCheckpoint(_dir.LastCheckpoint, model);
        var parameterNames = model.NamedParameters().Select(p => p.Name).ToHashSet();
        var state = contents.Tensors.Where(t => !parameterNames.Contains(t.Name)).Select(t => (t.Name, t.Floats, t.Shape)).ToList();
        optimizer.ImportState(state.Where(s => !schedule.Owns(s.Name)).ToList());
        schedule.ImportState(state.Where(s => schedule.Owns(s.Name)).ToList());
        var m = contents.Metadata;
        progress.Step = long.Parse(m["step"], CultureInfo.InvariantCulture);
        progress.Epoch = int.Parse(m["epoch"], CultureInfo.InvariantCulture);
        progress.BatchInEpoch = int.Parse(m["batch_in_epoch"], CultureInfo.InvariantCulture);
        progress.BestBleu = double.Parse(m["best_bleu"], CultureInfo.InvariantCulture);
        progress.BestDevLoss = double.Parse(m["best_dev_loss"], CultureInfo.InvariantCulture);
        progress.BadValidations = int.Parse(m["bad_validations"], CultureInfo.InvariantCulture);
        Log($"resumed from '{_dir.LastCheckpoint}' at step {progress.Step} (epoch {progress.Epoch + 1}, batch {progress.BatchInEpoch})");
    }
}
