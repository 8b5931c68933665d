using System.Diagnostics;
using System.Globalization;
using System.Text;
using Heed.Io;
using Heed.Pointer;
using Heed.Tensors;
using Heed.Tensors.Memory;
using Heed.Tensors.Optim;
using Heed.Viz;

namespace Heed.Demo;

/// <summary>
/// <c>heed demo --task sort-pointer|convex-hull</c>: trains a <see cref="PointerNetwork"/> on freshly drawn examples of
/// an <see cref="IPointerProblem"/>, then scores held-out sets of each test size (exact-sequence accuracy, and for the
/// hull the area coverage) and draws the pointer's attention on held-out examples.
/// </summary>
/// <remarks>
/// The output folder holds <c>model/pointer.safetensors</c>, <c>learning-curve.tsv</c>, <c>pointer-example-K.svg|png</c>
/// and <c>report.html</c>. Held-out inputs come from their own seed; inputs are real numbers, so a held-out input
/// repeating a training one is practically impossible and they are not filtered.
/// </remarks>
internal static class PointerDemoRun
{
    private const int DevSets = 200;
    private const int EvalChunk = 250;
    private const int Pictures = 2;

    /// <summary>The problem behind a task name.</summary>
    /// <exception cref="HeedInputException">not a pointer task.</exception>
    public static IPointerProblem Problem(string task) => task switch
    {
        "sort-pointer" => new SortProblem(),
        "convex-hull" => new ConvexHullProblem(),
        _ => throw new HeedInputException($"--task '{task}' is not a pointer-network task (sort-pointer, convex-hull)."),
    };

    /// <summary>Trains, tests and draws.</summary>
    /// <exception cref="HeedInputException">a setting is out of range, or the folder cannot be used.</exception>
    public static PointerDemoResult Run(IPointerProblem problem, PointerDemoSettings settings, string outDir, int seed = 1, int threads = 0, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (settings.StartAtLowest && problem is not ConvexHullProblem)
            throw new HeedInputException($"--start-at-lowest: only for convex-hull (an answer of {problem.Name} is not a closed polygon).");
        if (settings.ConvexBeam && problem is not ConvexHullProblem)
            throw new HeedInputException($"--convex-beam: only for convex-hull (an answer of {problem.Name} is not a polygon).");
        var s = settings;
        var model = new PointerNetwork(new PointerNetworkConfig(problem.Dim, s.Hidden, s.Hidden, s.AttentionSize ?? s.Hidden, s.MaskChosen, s.Bidirectional, s.Glimpse), seed);
        // Read before the folder is reset: the checkpoint may live in it (continuing a run in place).
        if (s.InitFrom is not null) ModelDirectory.LoadCheckpoint(Path.GetFullPath(s.InitFrom), model);
        string dir = DemoFolder.Reset(outDir, problem.Name, seed);
        using var useThreads = threads > 0 ? Parallelism.Use(threads) : null;
        var optimizer = new Adam(model.NamedParameters(), (float)s.LearningRate);
        var random = new Random(seed);
        var devRandom = new Random(unchecked(seed * 31 + 1));
        var dev = Enumerable.Range(0, DevSets).Select(_ => problem.Sample(devRandom, s.MaxN)).ToList();
        var curve = new List<PointerCurvePoint>();
        var clock = Stopwatch.StartNew();
        double lossSum = 0; int lossCount = 0, step = 0;
        while (step < s.Steps && (s.MaxSeconds == 0 || clock.Elapsed.TotalSeconds < s.MaxSeconds))
        {
            step++;
            int n = random.Next(s.MinN, s.MaxN + 1);
            using (TensorScope.Begin())
            {
                var batch = new PointerBatch(Enumerable.Range(0, s.Batch).Select(_ => problem.Sample(random, n)).ToList());
                optimizer.ZeroGrad();
                optimizer.LearningRate = (float)s.LearningRateAt(step, clock.Elapsed.TotalSeconds);
                var loss = model.Loss(batch);
                loss.Backward();
                GradientClipping.ClipNorm(model.Parameters(), s.Clip);
                optimizer.Step();
                lossSum += loss.Item();
                lossCount++;
            }
            if (step % s.EvalEvery == 0)
            {
                curve.Add(CurvePoint(model, dev, step, lossSum / lossCount, clock.Elapsed.TotalSeconds));
                log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"step {step}: train loss {curve[^1].TrainLoss:F4}, dev exact (n = {s.MaxN}, greedy) {100 * curve[^1].DevExact:F1}%, {clock.Elapsed.TotalSeconds:F0} s ({Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F0} s of CPU)"));
                lossSum = 0; lossCount = 0;
            }
        }
        double seconds = clock.Elapsed.TotalSeconds;
        if (lossCount > 0) curve.Add(CurvePoint(model, dev, step, lossSum / lossCount, seconds));
        model.Eval();

        var testRandom = new Random(unchecked(seed * 31 + 2));
        var tests = new List<PointerTestResult>();
        var pictures = new List<string>();
        var matrices = new List<AlignmentMatrix>();
        var hullPictures = new List<string>();
        foreach (int n in s.TestN)
        {
            var set = Enumerable.Range(0, s.TestSets).Select(_ => problem.Sample(testRandom, n)).ToList();
            var greedy = Predict(set, chunk => PointerSearch.Greedy(model, chunk), s.StartAtLowest);
            var beam = s.Beam > 1 || s.ConvexBeam
                ? Predict(set, chunk => PointerSearch.Beam(model, chunk, s.Beam, s.ConvexBeam ? KeepsConvex : null), s.StartAtLowest)
                : null;
            tests.Add(Score(problem, set, n, greedy, beam, s.Beam));
            if (n == s.TestN[0])
                for (int k = 0; k < Math.Min(Pictures, set.Count); k++)
                {
                    var matrix = Attention(problem, set[k], greedy[k]);
                    string stem = Path.Combine(dir, $"pointer-example-{k + 1}");
                    AlignmentSvg.Write(stem + ".svg", matrix);
                    AlignmentPng.Write(stem + ".png", matrix);
                    pictures.AddRange([stem + ".svg", stem + ".png"]);
                    matrices.Add(matrix);
                    if (problem is ConvexHullProblem)
                    {
                        var (x, y) = ConvexHullProblem.Coordinates(set[k].Inputs);
                        string hull = Path.Combine(dir, $"pointer-hull-{k + 1}.svg");
                        HullPictureSvg.Write(hull, x, y, set[k].Target, greedy[k].Indices,
                            $"convex hull, n = {n}: {(Exact(set[k], greedy[k]) ? "exact" : "wrong")}, area coverage {100 * Polygon.Coverage(x, y, greedy[k].Indices, set[k].Target):F1}%");
                        pictures.Add(hull);
                        hullPictures.Add(hull);
                    }
                }
        }
        string modelFile = Path.Combine(dir, "model", "pointer.safetensors");
        Directory.CreateDirectory(Path.GetDirectoryName(modelFile)!);
        PointerCheckpoint.Save(modelFile, model);
        AtomicFile.WriteAllText(Path.Combine(dir, "learning-curve.tsv"), CurveTsv(curve));
        string report = Path.Combine(dir, "report.html");
        AtomicFile.WriteAllText(report, Report(problem, s, step, seconds, curve, tests, matrices, hullPictures));
        pictures.Add(report);
        return new PointerDemoResult(problem.Name, step, seconds, curve, tests, dir, modelFile, pictures);
    }

    /// <summary><see cref="ConvexHull.KeepsConvex"/> on an example's points: the well-formedness test of --convex-beam.</summary>
    private static bool KeepsConvex(PointerExample example, IReadOnlyList<int> answer, int candidate)
    {
        var (x, y) = ConvexHullProblem.Coordinates(example.Inputs);
        return ConvexHull.KeepsConvex(x, y, answer, candidate);
    }

    /// <summary>Whether a prediction is exactly the target sequence.</summary>
    public static bool Exact(PointerExample example, PointerPrediction prediction) => prediction.Indices.SequenceEqual(example.Target);

    private static PointerCurvePoint CurvePoint(PointerNetwork model, IReadOnlyList<PointerExample> dev, int step, double loss, double seconds)
    {
        model.Eval();
        var predictions = PointerSearch.Greedy(model, dev);
        model.Train();
        return new PointerCurvePoint(step, loss, dev.Where((e, i) => Exact(e, predictions[i])).Count() / (double)dev.Count, seconds);
    }

    private static List<PointerPrediction> Predict(List<PointerExample> set, Func<IReadOnlyList<PointerExample>, IReadOnlyList<PointerPrediction>> search, bool startAtLowest)
    {
        var all = new List<PointerPrediction>(set.Count);
        for (int i = 0; i < set.Count; i += EvalChunk) all.AddRange(search(set.GetRange(i, Math.Min(EvalChunk, set.Count - i))));
        return startAtLowest ? all.ConvertAll(ConvexHull.StartAtLowest) : all;
    }

    private static PointerTestResult Score(IPointerProblem problem, List<PointerExample> set, int n, List<PointerPrediction> greedy, List<PointerPrediction>? beam, int width)
    {
        double Exact(List<PointerPrediction> p) => set.Where((e, i) => PointerDemoRun.Exact(e, p[i])).Count() / (double)set.Count;
        (double Mean, int Failures)? Coverage(List<PointerPrediction> p)
        {
            if (problem is not ConvexHullProblem) return null;
            double sum = 0; int failures = 0;
            for (int i = 0; i < set.Count; i++)
            {
                var (x, y) = ConvexHullProblem.Coordinates(set[i].Inputs);
                double c = Polygon.Coverage(x, y, p[i].Indices, set[i].Target);
                if (!Polygon.IsSimple(x, y, p[i].Indices)) failures++;
                sum += c;
            }
            return (sum / set.Count, failures);
        }
        var gc = Coverage(greedy);
        var bc = beam is null ? null : Coverage(beam);
        return new PointerTestResult(n, set.Count, Exact(greedy), gc?.Mean, gc?.Failures,
            beam is null ? null : width, beam is null ? null : Exact(beam), bc?.Mean, bc?.Failures);
    }

    private static AlignmentMatrix Attention(IPointerProblem problem, PointerExample example, PointerPrediction prediction)
    {
        var columns = new List<string> { "end" };
        columns.AddRange(Enumerable.Range(0, example.Count).Select(i => problem.Label(example, i)));
        var rows = prediction.Indices.Select(i => "→ " + problem.Label(example, i)).Append("→ end").Take(prediction.Weights.Length).ToList();
        string verdict = Exact(example, prediction) ? "right" : "wrong";
        return new AlignmentMatrix(columns, rows, prediction.Weights,
            $"{problem.Name}, n = {example.Count}: pointer weights ({verdict})");
    }

    private static string CurveTsv(IEnumerable<PointerCurvePoint> curve)
    {
        var sb = new StringBuilder("step\ttrain_loss\tdev_exact\tseconds\n");
        foreach (var p in curve)
            sb.Append(string.Create(CultureInfo.InvariantCulture, $"{p.Step}\t{p.TrainLoss:G6}\t{p.DevExact:G6}\t{p.Seconds:F1}\n"));
        return sb.ToString();
    }

    private static string Report(IPointerProblem problem, PointerDemoSettings s, int steps, double seconds, IReadOnlyList<PointerCurvePoint> curve,
        IReadOnlyList<PointerTestResult> tests, IReadOnlyList<AlignmentMatrix> matrices, IReadOnlyList<string> hullPictures)
    {
        static string P(double? v) => v is double x ? (100 * x).ToString("F1", CultureInfo.InvariantCulture) + "%" : "–";
        var body = new StringBuilder();
        body.Append(string.Create(CultureInfo.InvariantCulture,
            $"<p>Pointer network: LSTM {s.Hidden}{(s.Bidirectional ? " (encoder both ways, " + s.Hidden / 2 + " each)" : "")}, attention {s.AttentionSize ?? s.Hidden}{(s.Glimpse ? " with a glimpse" : "")}, masking of chosen positions {(s.MaskChosen ? "on" : "off")}; Adam lr {s.LearningRate}{(s.FinalLearningRate is double f ? " decaying to " + f + (s.DecayStart > 0 ? " after " + s.DecayStart + " of training" : "") : "")}{(s.StartAtLowest ? "; answers rotated to start at their lowest index" : "")}{(s.ConvexBeam ? "; beam answers kept convex counter-clockwise" : "")}, batch {s.Batch}, n in [{s.MinN}, {s.MaxN}], {steps} steps in {seconds:F0} s.</p>\n"));
        body.Append($"<table class=\"summary\">\n<tr><th>test n</th><th>sets</th><th>exact (greedy)</th><th>area coverage (greedy)</th><th>not simple</th><th>exact (beam{(s.ConvexBeam ? " " + s.Beam + ", convex answers only" : "")})</th><th>area coverage (beam)</th></tr>\n");
        foreach (var t in tests)
            body.Append(string.Create(CultureInfo.InvariantCulture,
                $"<tr><td>{t.N}{(t.N > s.MaxN ? " (longer than trained)" : "")}</td><td>{t.Sets}</td><td>{P(t.GreedyExact)}</td><td>{P(t.GreedyCoverage)}</td><td>{t.GreedyFailures?.ToString(CultureInfo.InvariantCulture) ?? "–"}</td><td>{P(t.BeamExact)}</td><td>{P(t.BeamCoverage)}</td></tr>\n"));
        body.Append("</table>\n<h2>Learning curve</h2>\n<figure class=\"chart\">\n");
        var x = curve.Select(p => (double)p.Step).ToList();
        body.Append(LineChartSvg.Render($"Held-out exact-sequence accuracy (n = {s.MaxN}, greedy, {DevSets} sets)", "step", "exact", [new ChartSeries("dev exact", x, curve.Select(p => p.DevExact).ToList())], includeZero: true, yCeiling: 1, xStart: 0));
        body.Append("</figure>\n<figure class=\"chart\">\n");
        body.Append(LineChartSvg.Render("Training loss (cross-entropy per step)", "step", "loss", [new ChartSeries("train loss", x, curve.Select(p => p.TrainLoss).ToList())], includeZero: true, xStart: 0));
        body.Append("</figure>\n<h2>Pointer attention on held-out examples</h2>\n");
        for (int i = 0; i < matrices.Count; i++) body.Append(HtmlPage.AlignmentFigure(matrices[i], i));
        if (hullPictures.Count > 0) body.Append("<h2>The answers in the plane</h2>\n");
        foreach (var file in hullPictures) body.Append("<figure>\n").Append(File.ReadAllText(file)).Append("</figure>\n");
        return HtmlPage.Build($"heed demo --task {problem.Name}", body.ToString());
    }
}
