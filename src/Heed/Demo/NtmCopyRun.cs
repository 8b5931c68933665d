using System.Diagnostics;
using System.Globalization;
using System.Text;
using Heed.Io;
using Heed.Memory;
using Heed.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Memory;
using Heed.Tensors.Optim;
using Heed.Viz;

namespace Heed.Demo;

/// <summary>
/// <c>heed demo --task ntm-copy</c>: trains a <see cref="NeuralTuringMachine"/> on freshly drawn copy sequences
/// (<see cref="NtmCopyTask"/>), records bits of error per sequence against training steps, tests held-out lengths
/// (20, and 30 and 40 beyond the training range), and draws the read and write weightings over time.
/// </summary>
/// <remarks>
/// The output folder holds <c>model/ntm.safetensors</c>, <c>learning-curve.tsv</c>, <c>ntm-weightings-L.svg|png</c>
/// per test length and <c>report.html</c>. Held-out sequences come from their own seed; with 2^(8·L) possible
/// sequences a repeat of a training sequence is practically impossible, so they are not filtered.
/// </remarks>
internal static class NtmCopyRun
{
    /// <summary>Sequences in the held-out batch that draws the learning curve.</summary>
    private const int CurveSequences = 32;

    /// <summary>Trains, tests and draws.</summary>
    /// <param name="settings">sizes and lengths (validated)</param>
    /// <param name="outDir">output folder (emptied when a demo made it; see <see cref="DemoFolder"/>)</param>
    /// <param name="seed">drives data, initialisation and order</param>
    /// <param name="threads">engine threads; 0 = all cores</param>
    /// <param name="log">progress lines, or null</param>
    /// <exception cref="HeedInputException">a setting is out of range, or the folder cannot be used.</exception>
    public static NtmCopyResult Run(NtmCopySettings settings, string outDir, int seed = 1, int threads = 0, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        string dir = DemoFolder.Reset(outDir, "ntm-copy", seed);
        using var useThreads = threads > 0 ? Parallelism.Use(threads) : null;
        var s = settings;
        var model = new NeuralTuringMachine(new NtmConfig(s.Bits + 1, s.Bits, s.Controller, s.Locations, s.Width), seed);
        var optimizer = new Adam(model.NamedParameters(), (float)s.LearningRate);
        var random = new Random(seed);
        var curveBatch = NtmCopyTask.Sample(new Random(unchecked(seed * 31 + 7)), CurveSequences, s.MaxLength, s.Bits);
        var curve = new List<NtmCurvePoint>();
        var clock = Stopwatch.StartNew();
        double trainBits = 0; int trainCount = 0;
        int step = 0;
        while (step < s.Steps && (s.MaxSeconds == 0 || clock.Elapsed.TotalSeconds < s.MaxSeconds))
        {
            step++;
            using (TensorScope.Begin())
            {
                var batch = NtmCopyTask.Sample(random, s.Batch, random.Next(s.MinLength, s.MaxLength + 1), s.Bits);
                optimizer.ZeroGrad();
                var output = batch.OutputLogits(model.Forward(batch.Inputs).Logits);
                var loss = MemoryOps.BinaryCrossEntropyWithLogits(output, batch.Targets, batch.Batch);
                loss.Backward();
                GradientClipping.ClipNorm(model.Parameters(), s.Clip);
                optimizer.Step();
                trainBits += batch.BitErrorsPerSequence(output);
                trainCount++;
            }
            bool last = step == s.Steps || (s.MaxSeconds > 0 && clock.Elapsed.TotalSeconds >= s.MaxSeconds);
            if (step % s.EvalEvery == 0 || last)
            {
                double heldOut = BitErrors(model, curveBatch);
                curve.Add(new NtmCurvePoint(step, trainBits / trainCount, heldOut, clock.Elapsed.TotalSeconds));
                log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"step {step}: train {trainBits / trainCount:F2} bits/seq (lengths {s.MinLength}-{s.MaxLength}), held-out length {s.MaxLength} {heldOut:F3} bits/seq, {clock.Elapsed.TotalSeconds:F0} s ({Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F0} s of CPU)"));
                trainBits = 0; trainCount = 0;
            }
        }
        double seconds = clock.Elapsed.TotalSeconds;
        var testRandom = new Random(unchecked(seed * 31 + 2));
        var tests = new List<NtmLengthResult>();
        var pictures = new List<string>();
        var matrices = new List<AlignmentMatrix>();
        foreach (int length in s.Lengths)
        {
            double total = 0;
            for (int done = 0; done < s.TestSequences; done += 100)
            {
                int count = Math.Min(100, s.TestSequences - done);
                total += BitErrors(model, NtmCopyTask.Sample(testRandom, count, length, s.Bits)) * count;
            }
            tests.Add(new NtmLengthResult(length, total / s.TestSequences));
            var (write, read) = Weightings(model, NtmCopyTask.Sample(testRandom, 1, length, s.Bits), length);
            foreach (var (kind, matrix) in new[] { ("write", write), ("read", read) })
            {
                string stem = Path.Combine(dir, $"ntm-{kind}-{length}");
                AlignmentSvg.Write(stem + ".svg", matrix, 12);
                AlignmentPng.Write(stem + ".png", matrix, 16);
                pictures.Add(stem + ".svg");
                pictures.Add(stem + ".png");
                matrices.Add(matrix);
            }
        }
        string modelFile = Path.Combine(dir, "model", "ntm.safetensors");
        Directory.CreateDirectory(Path.GetDirectoryName(modelFile)!);
        NtmCheckpoint.Save(modelFile, model);
        AtomicFile.WriteAllText(Path.Combine(dir, "learning-curve.tsv"), CurveTsv(curve));
        string report = Path.Combine(dir, "report.html");
        AtomicFile.WriteAllText(report, Report(s, step, curve, tests, matrices, seconds));
        pictures.Add(report);
        return new NtmCopyResult(curve, tests, seconds, dir, modelFile, pictures);
    }

    /// <summary>Mean bits wrong per sequence on <paramref name="batch"/>, without gradients.</summary>
    public static double BitErrors(NeuralTuringMachine model, CopyBatch batch)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batch);
        using var noGrad = GradMode.NoGrad();
        using var scope = TensorScope.Begin();
        return batch.BitErrorsPerSequence(batch.OutputLogits(model.Forward(batch.Inputs).Logits));
    }

    private static (AlignmentMatrix Write, AlignmentMatrix Read) Weightings(NeuralTuringMachine model, CopyBatch one, int length)
    {
        using var noGrad = GradMode.NoGrad();
        using var scope = TensorScope.Begin();
        var trace = model.Forward(one.Inputs, trace: true).Trace!;
        // Short titles: a title wider than the grid widens the picture.
        string steps = $"in 1-{length}, out {length + 2}-{2 * length + 1}";
        return (MemoryWeightingPicture.Matrix(trace.Write, $"NTM copy {length}: write weighting ({steps})"),
                MemoryWeightingPicture.Matrix(trace.Read, $"NTM copy {length}: read weighting ({steps})"));
    }

    private static string CurveTsv(IEnumerable<NtmCurvePoint> curve)
    {
        var sb = new StringBuilder("step\ttrain_bits_per_sequence\theldout_bits_per_sequence\tseconds\n");
        foreach (var p in curve)
            sb.Append(string.Create(CultureInfo.InvariantCulture, $"{p.Step}\t{p.TrainBits:G6}\t{p.HeldOutBits:G6}\t{p.Seconds:F1}\n"));
        return sb.ToString();
    }

    private static string Report(NtmCopySettings s, int steps, IReadOnlyList<NtmCurvePoint> curve, IReadOnlyList<NtmLengthResult> tests,
        IReadOnlyList<AlignmentMatrix> matrices, double seconds)
    {
        var body = new StringBuilder();
        body.Append(string.Create(CultureInfo.InvariantCulture,
            $"<p>NTM: LSTM controller {s.Controller}, memory {s.Locations}×{s.Width}, 1 read and 1 write head, shifts −1/0/+1; Adam lr {s.LearningRate}, batch {s.Batch}, {steps} steps on lengths {s.MinLength}–{s.MaxLength} of {s.Bits}-bit vectors; {seconds:F0} s of training.</p>\n"));
        body.Append("<table class=\"summary\">\n<tr><th>held-out length</th><th>bits of error per sequence</th></tr>\n");
        foreach (var t in tests)
            body.Append(string.Create(CultureInfo.InvariantCulture, $"<tr><td>{t.Length}{(t.Length > s.MaxLength ? " (longer than trained)" : "")}</td><td>{t.BitsPerSequence:F3}</td></tr>\n"));
        body.Append("</table>\n<h2>Learning curve</h2>\n<figure class=\"chart\">\n");
        var x = curve.Select(p => (double)p.Step).ToList();
        body.Append(LineChartSvg.Render("Bits of error per sequence", "training step", "bits per sequence",
        [
            new ChartSeries($"training batches (lengths {s.MinLength}-{s.MaxLength})", x, curve.Select(p => p.TrainBits).ToList()),
            new ChartSeries($"held-out, length {s.MaxLength}", x, curve.Select(p => p.HeldOutBits).ToList()),
        ], includeZero: true, xStart: 0));
        body.Append("</figure>\n<h2>Read and write weightings over time</h2>\n");
        foreach (var m in matrices) body.Append("<figure>\n").Append(AlignmentSvg.Render(m, 12)).Append("</figure>\n");
        return HtmlPage.Build("heed demo --task ntm-copy", body.ToString());
    }
}
