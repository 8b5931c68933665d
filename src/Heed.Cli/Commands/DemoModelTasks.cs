using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Heed.Demo;

namespace Heed.Cli.Commands;

/// <summary>
/// The demo tasks that train their own model rather than the translation trainer: <c>sort-pointer</c> and
/// <c>convex-hull</c> (a pointer network) and <c>ntm-copy</c> (a Neural Turing Machine on the copy task). Their options
/// (--steps, --batch, …) default to each task's own settings; each is range-checked with a message naming it.
/// </summary>
internal sealed class DemoModelTasks
{
    /// <summary>Task names handled here, in help order.</summary>
    public static readonly IReadOnlyList<string> Names = ["sort-pointer", "convex-hull", "ntm-copy"];

    private readonly Option<int?> _steps = new("--steps") { Description = "sort-pointer, convex-hull, ntm-copy: training batches." };
    private readonly Option<int?> _batch = new("--batch") { Description = "sort-pointer, convex-hull, ntm-copy: examples per batch." };
    private readonly Option<double?> _lr = new("--lr") { Description = "sort-pointer, convex-hull, ntm-copy: Adam's learning rate." };
    private readonly Option<int?> _evalEvery = new("--eval-every") { Description = "sort-pointer, convex-hull, ntm-copy: steps between learning-curve points." };
    private readonly Option<int?> _minN = new("--min-n") { Description = "sort-pointer, convex-hull: fewest input elements in training (≥ 2)." };
    private readonly Option<int?> _maxN = new("--max-n") { Description = "sort-pointer, convex-hull: most input elements in training." };
    private readonly Option<int[]> _testN = new("--test-n") { Description = "sort-pointer, convex-hull: held-out input sizes.", AllowMultipleArgumentsPerToken = true };
    private readonly Option<int?> _testSets = new("--test-sets") { Description = "sort-pointer, convex-hull: held-out inputs per size (default 1000)." };
    private readonly Option<int?> _hidden = new("--hidden") { Description = "sort-pointer, convex-hull: LSTM and attention size (default 128)." };
    private readonly Option<int?> _beam = new("--beam") { Description = "sort-pointer, convex-hull: also score beam search of this width (default 1: greedy only)." };
    private readonly Option<bool> _noMask = new("--no-mask") { Description = "sort-pointer, convex-hull: allow pointing at a position twice." };
    private readonly Option<int?> _attentionSize = new("--attention-size") { Description = "sort-pointer, convex-hull: size of the pointer's score vᵀ tanh(W1 e + W2 d) (default: --hidden)." };
    private readonly Option<bool> _glimpse = new("--glimpse") { Description = "sort-pointer, convex-hull: the decoder attends over the encoded inputs before pointing, and points with that summary (Bello et al. 2016)." };
    private readonly Option<bool> _bidirectional = new("--bidirectional") { Description = "sort-pointer, convex-hull: the encoder reads the inputs both ways, hidden / 2 units each (--hidden must be even)." };
    private readonly Option<double?> _finalLr = new("--final-lr") { Description = "sort-pointer, convex-hull: decay Adam's rate exponentially from --lr to this rate at the end of training (the last --steps, or --max-seconds if that comes first; default: no decay)." };
    private readonly Option<bool> _startAtLowest = new("--start-at-lowest") { Description = "convex-hull: read each answer as a closed polygon and rotate it to start at its own lowest index (the target's convention)." };
    private readonly Option<double?> _decayStart = new("--decay-start") { Description = "sort-pointer, convex-hull: with --final-lr, the fraction of training (of --steps, or of --max-seconds if that comes first) kept at --lr before the decay (default 0, in [0, 1))." };
    private readonly Option<bool> _convexBeam = new("--convex-beam") { Description = "convex-hull: the beam answers (width --beam, 1 = greedy) are searched only among answers that can still be convex counter-clockwise polygons, judged from the points and the answer alone; greedy stays unconstrained." };
    private readonly Option<string?> _initFrom = new("--init-from") { Description = "sort-pointer, convex-hull: start from this pointer checkpoint (same --hidden) instead of a random network." };
    private readonly Option<double?> _maxSeconds = new("--max-seconds") { Description = "sort-pointer, convex-hull, ntm-copy: stop training after this many seconds (0 = no limit)." };
    private readonly Option<int?> _minLength = new("--min-length") { Description = "ntm-copy: shortest training sequence (default 1)." };
    private readonly Option<int?> _maxLength = new("--max-length") { Description = "ntm-copy: longest training sequence (default 20)." };
    private readonly Option<int[]> _testLengths = new("--test-lengths") { Description = "ntm-copy: held-out lengths (default 20 30 40).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<int?> _testSequences = new("--test-sequences") { Description = "ntm-copy: held-out sequences per length (default 100)." };
    private readonly Option<int?> _locations = new("--memory-locations") { Description = "ntm-copy: memory locations N (default 128)." };
    private readonly Option<int?> _width = new("--memory-width") { Description = "ntm-copy: memory width M (default 20)." };
    private readonly Option<int?> _controller = new("--controller") { Description = "ntm-copy: LSTM controller units (default 100)." };

    /// <summary>Adds the options to the demo verb.</summary>
    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _steps, _batch, _lr, _evalEvery, _minN, _maxN, _testN, _testSets, _hidden, _beam, _noMask, _attentionSize, _glimpse, _bidirectional, _finalLr, _decayStart, _startAtLowest, _convexBeam, _maxSeconds, _initFrom, _minLength, _maxLength, _testLengths, _testSequences, _locations, _width, _controller })
            command.Options.Add(o);
    }

    /// <summary>Runs task <paramref name="name"/> (one of <see cref="Names"/>) and prints its results.</summary>
    /// <exception cref="HeedInputException">an option is out of range (the message names it and its range).</exception>
    public int Run(string name, ParseResult parse, string outDir, int seed, int threads, bool json, TextWriter output) =>
        name == "ntm-copy" ? RunNtm(name, parse, outDir, seed, threads, json, output) : RunPointer(name, parse, outDir, seed, threads, json, output);

    private int RunPointer(string name, ParseResult parse, string outDir, int seed, int threads, bool json, TextWriter output)
    {
        var problem = PointerDemoRun.Problem(name);
        var d = PointerDemoSettings.For(name);
        var settings = d with
        {
            Steps = parse.GetValue(_steps) ?? d.Steps,
            Batch = parse.GetValue(_batch) ?? d.Batch,
            LearningRate = parse.GetValue(_lr) ?? d.LearningRate,
            EvalEvery = parse.GetValue(_evalEvery) ?? d.EvalEvery,
            MinN = parse.GetValue(_minN) ?? d.MinN,
            MaxN = parse.GetValue(_maxN) ?? d.MaxN,
            TestN = parse.GetValue(_testN) is { Length: > 0 } sizes ? sizes : d.TestN,
            TestSets = parse.GetValue(_testSets) ?? d.TestSets,
            Hidden = parse.GetValue(_hidden) ?? d.Hidden,
            Beam = parse.GetValue(_beam) ?? d.Beam,
            MaskChosen = !parse.GetValue(_noMask),
            MaxSeconds = parse.GetValue(_maxSeconds) ?? d.MaxSeconds,
            InitFrom = parse.GetValue(_initFrom),
            AttentionSize = parse.GetValue(_attentionSize),
            Bidirectional = parse.GetValue(_bidirectional),
            Glimpse = parse.GetValue(_glimpse),
            FinalLearningRate = parse.GetValue(_finalLr),
            DecayStart = parse.GetValue(_decayStart) ?? d.DecayStart,
            StartAtLowest = parse.GetValue(_startAtLowest),
            ConvexBeam = parse.GetValue(_convexBeam),
        };
        settings.Validate();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"heed demo: pointer network on {name}, n in [{settings.MinN}, {settings.MaxN}], {settings.Steps} batches of {settings.Batch}; held out: {settings.TestSets} inputs of each n in {string.Join(", ", settings.TestN)}"));
        var result = PointerDemoRun.Run(problem, settings, outDir, seed, threads, output.WriteLine);
        foreach (var t in result.Tests)
            output.WriteLine(FormattableString.Invariant($"held-out n = {t.N}: exact {100 * t.GreedyExact:F1}% greedy") +
                (t.GreedyCoverage is double c ? FormattableString.Invariant($", area coverage {100 * c:F2}% ({t.GreedyFailures} not simple)") : "") +
                (t.BeamExact is double b ? FormattableString.Invariant($"; {(settings.ConvexBeam ? "convex " : "")}beam {t.Beam}: exact {100 * b:F1}%") : "") +
                (t.BeamCoverage is double bc ? FormattableString.Invariant($", area coverage {100 * bc:F2}%") : ""));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trained {result.Steps} steps in {result.TrainingSeconds:F0} s; report: {Path.Combine(result.OutDir, "report.html")}"));
        if (json)
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["task"] = name,
                ["exact"] = result.Tests.ToDictionary(t => t.N.ToString(CultureInfo.InvariantCulture), t => Math.Round(t.BeamExact ?? t.GreedyExact, 4)),
                ["seconds"] = Math.Round(result.TrainingSeconds, 1),
                ["out"] = result.OutDir,
            }));
        return 0;
    }

    private int RunNtm(string name, ParseResult parse, string outDir, int seed, int threads, bool json, TextWriter output)
    {
        var d = new NtmCopySettings();
        var settings = d with
        {
            Steps = parse.GetValue(_steps) ?? d.Steps,
            Batch = parse.GetValue(_batch) ?? d.Batch,
            LearningRate = parse.GetValue(_lr) ?? d.LearningRate,
            EvalEvery = parse.GetValue(_evalEvery) ?? d.EvalEvery,
            MinLength = parse.GetValue(_minLength) ?? d.MinLength,
            MaxLength = parse.GetValue(_maxLength) ?? d.MaxLength,
            TestLengths = parse.GetValue(_testLengths) is { Length: > 0 } lengths ? lengths : d.TestLengths,
            TestSequences = parse.GetValue(_testSequences) ?? d.TestSequences,
            Locations = parse.GetValue(_locations) ?? d.Locations,
            Width = parse.GetValue(_width) ?? d.Width,
            Controller = parse.GetValue(_controller) ?? d.Controller,
            MaxSeconds = parse.GetValue(_maxSeconds) ?? d.MaxSeconds,
        };
        settings.Validate();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"heed demo: NTM copy of {settings.Bits}-bit sequences, lengths {settings.MinLength}-{settings.MaxLength}, memory {settings.Locations}x{settings.Width}, {settings.Steps} batches of {settings.Batch}"));
        var result = NtmCopyRun.Run(settings, outDir, seed, threads, output.WriteLine);
        foreach (var t in result.Tests)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"held-out length {t.Length}: {t.BitsPerSequence:F3} bits of error per sequence"));
        output.WriteLine($"report: {Path.Combine(result.OutDir, "report.html")} (weightings as SVG and PNG in {result.OutDir})");
        if (json)
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["task"] = name,
                ["bits_per_sequence"] = result.Tests.ToDictionary(t => t.Length.ToString(CultureInfo.InvariantCulture), t => Math.Round(t.BitsPerSequence, 4)),
                ["seconds"] = Math.Round(result.TrainingSeconds, 1),
                ["out"] = result.OutDir,
            }));
        return 0;
    }
}
