using System.Globalization;
using System.Text;
using Heed.Config;
using Heed.Decoding;
using Heed.Io;
using Heed.Training;
using Heed.Translation;
using Heed.Viz;

namespace Heed.Demo;

/// <summary>
/// One <c>heed demo</c> run in three stages, so a caller can wrap training in its own progress display:
/// <see cref="Prepare"/> writes the generated corpus and returns the experiment, the caller trains it (or calls
/// <see cref="Run"/> for all three), and <see cref="Evaluate"/> scores the held-out pairs and draws alignments.
/// </summary>
/// <remarks>
/// The output folder holds <c>data/</c> (train, dev and test files), <c>model/</c> (a model directory),
/// <c>alignments/example-N.svg|png</c>, <c>alignments.html</c> and <c>report.html</c> (learning curves and
/// alignments), plus a marker file. A folder with that marker is emptied before a new run; any other non-empty
/// folder is refused, so a mistyped --out never wipes someone's files.
/// </remarks>
internal sealed class DemoRun
{
    /// <summary>Written into every demo folder; its presence allows the next run to replace the folder's contents.</summary>
    public const string MarkerFile = "heed-demo.txt";

    private readonly DemoTask _task;
    private readonly int _seed;
    private readonly int _threads;
    private readonly int _pictures;

    /// <param name="task">what to learn</param>
    /// <param name="outDir">the output folder (created when missing)</param>
    /// <param name="seed">drives data generation, initialisation and batch order</param>
    /// <param name="threads">training threads; 0 means all cores</param>
    /// <param name="settings">sizes; <c>null</c> takes the task's own</param>
    /// <param name="pictures">how many held-out examples get alignment pictures</param>
    public DemoRun(DemoTask task, string outDir, int seed = 1, int threads = 0, DemoSettings? settings = null, int pictures = 4)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        ArgumentOutOfRangeException.ThrowIfNegative(pictures);
        _task = task;
        OutDir = Path.GetFullPath(outDir);
        _seed = seed;
        _threads = threads;
        _pictures = pictures;
        Settings = settings ?? task.Settings;
    }

    public string OutDir { get; }
    public DemoSettings Settings { get; }
    private string DataDir => Path.Combine(OutDir, "data");
    private string AlignmentDir => Path.Combine(OutDir, "alignments");
    private string File(string name) => Path.Combine(DataDir, name);

    /// <summary>Empties (or creates) the output folder, writes the generated corpus and returns the experiment to train.</summary>
    /// <exception cref="HeedInputException">the folder cannot be created or written, or is a non-empty folder that no demo made</exception>
    public ExperimentConfig Prepare()
    {
        ResetOutDir();
        var s = Settings;
        var train = _task.Generate(s.TrainPairs, _seed);
        var seen = train.Select(p => p.Source).ToHashSet(StringComparer.Ordinal);
        var dev = _task.Generate(s.DevPairs, unchecked(_seed * 31 + 1), seen);
        seen.UnionWith(dev.Select(p => p.Source));
        var test = _task.Generate(s.TestPairs, unchecked(_seed * 31 + 2), seen);
        foreach (var (name, pairs) in new[] { ("train", train), ("dev", dev), ("test", test) })
        {
            AtomicFile.WriteAllText(File(name + ".src"), Lines(pairs.Select(p => p.Source)));
            AtomicFile.WriteAllText(File(name + ".trg"), Lines(pairs.Select(p => p.Target)));
        }
        return ExperimentConfig.Parse(Yaml(), Path.Combine(OutDir, "demo.yaml"));
    }

    /// <summary>
    /// Translates the held-out pairs greedily with the best checkpoint, scores exact match and writes the alignment
    /// pictures. (Demo outputs are single words, whose BLEU is 0 or 100; the trainer breaks such ties on dev loss.)
    /// </summary>
    /// <exception cref="HeedInputException">the model directory or test files are missing</exception>
    public DemoResult Evaluate(ExperimentConfig experiment)
    {
        var directory = new ModelDirectory(experiment.Training.ModelDir);
        var (config, source, target, model) = directory.Load();
        var sources = TextLines.Read(File("test.src"));
        var targets = TextLines.Read(File("test.trg"));
        var translations = new Translator(model, source, target, config.Data.MaxLength)
            .Translate(sources, new SearchOptions(Beam: 1, MaxLengthRatio: config.Decoding.MaxLengthRatio), batchSize: 100);
        var examples = sources.Select((src, i) => new DemoExample(src, targets[i], translations[i])).ToList();
        double exact = examples.Count == 0 ? 0 : examples.Count(e => e.Correct) / (double)examples.Count;

        Directory.CreateDirectory(AlignmentDir);
        var matrices = examples.Take(_pictures).Select(e => TranslationAlignment.Matrix(e.Output, e.Source)).ToList();
        var written = new List<string>();
        for (int i = 0; i < matrices.Count; i++)
        {
            string stem = Path.Combine(AlignmentDir, $"example-{i + 1}");
            AlignmentSvg.Write(stem + ".svg", matrices[i]);
            AlignmentPng.Write(stem + ".png", matrices[i]);
            written.Add(stem + ".svg");
            written.Add(stem + ".png");
        }
        if (matrices.Count > 0)
        {
            string html = Path.Combine(OutDir, "alignments.html");
            bool spaces = matrices.Any(m => m.SourceTokens.Contains(Data.CharTokenizer.SpaceSymbol.ToString()));
            AlignmentHtml.Write(html, matrices, $"heed demo --task {_task.Name}: attention on held-out examples ({(spaces ? "\u2581 is a space, " : "")}</s> marks the end)");
            written.Add(html);
        }
        var metrics = directory.MetricsFile;
        if (System.IO.File.Exists(metrics))
        {
            string report = Path.Combine(OutDir, "report.html");
            LearningCurves.WriteReport(report, Viz.MetricsLog.Read(metrics), matrices, $"heed demo --task {_task.Name}");
            written.Add(report);
        }
        return new DemoResult(_task.Name, exact, examples, OutDir, experiment.Training.ModelDir, written);
    }

    /// <summary>Prepare, train (logging through <paramref name="log"/>) and evaluate.</summary>
    public DemoResult Run(Action<string>? log = null)
    {
        var experiment = Prepare();
        new Trainer(experiment, log).Run();
        return Evaluate(experiment);
    }

    private void ResetOutDir()
    {
        try
        {
            if (Directory.Exists(OutDir) && Directory.EnumerateFileSystemEntries(OutDir).Any())
            {
                if (!System.IO.File.Exists(Path.Combine(OutDir, MarkerFile)))
                    throw new HeedInputException(
                        $"--out '{OutDir}' is a non-empty folder that heed demo did not make; choose a new or empty folder (the demo replaces its folder's contents).");
                Directory.Delete(OutDir, recursive: true);
            }
            Directory.CreateDirectory(OutDir);
            Directory.CreateDirectory(DataDir);
            AtomicFile.WriteAllText(Path.Combine(OutDir, MarkerFile),
                $"Made by heed demo --task {_task.Name} --seed {_seed}. The next demo run with this --out replaces everything here.\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HeedInputException($"Cannot write the demo's output folder --out '{OutDir}': {e.Message}", e);
        }
    }

    private static string Lines(IEnumerable<string> lines)
    {
        var sb = new StringBuilder();
        foreach (var line in lines) sb.Append(line).Append('\n');
        return sb.ToString();
    }

    private string Yaml()
    {
        static string Q(string s) => "'" + s.Replace("'", "''") + "'";
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var s = Settings;
        return $"""
            name: {Q("demo-" + _task.Name)}
            data:
              train_src: {Q(File("train.src"))}
              train_trg: {Q(File("train.trg"))}
              dev_src: {Q(File("dev.src"))}
              dev_trg: {Q(File("dev.trg"))}
              tokenizer: char
              max_length: 64
            model:
              rnn: gru
              embedding: {s.Embedding}
              hidden: {s.Hidden}
              decoder: bahdanau
              attention: additive
              dropout: 0
            training:
              seed: {_seed}
              batch_sentences: {s.BatchSentences}
              epochs: 1000
              max_steps: {s.Steps}
              lr: {F(s.LearningRate)}
              validate_every: {s.ValidateEvery}
              threads: {_threads}
              log_every: 50
              model_dir: {Q(Path.Combine(OutDir, "model"))}
            decoding:
              beam: 1
              max_length_ratio: 3
            """;
    }
}
