using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Heed.Tensors;
using Heed.Tensors.Kernels;

namespace Heed.Cli.Commands;

/// <summary><c>heed bench gemm</c>: throughput of <see cref="Gemm.Multiply"/> on square n×n×n problems, or on the
/// shapes given with <c>--shape m,n,k[,ta,tb]</c> (the models' x·Wᵀ and backward products).</summary>
internal static class BenchGemmCommand
{
    private const int Samples = 7;
    private const double MinSampleSeconds = 0.05;
    private const double WarmUpSeconds = 1.0;

    public static Command Create()
    {
        var sizes = new Option<string>("--sizes")
        {
            Description = "Comma-separated matrix sizes n (each run is n×n times n×n).",
            DefaultValueFactory = _ => "256,512,1024,2048",
        };
        // Parsed by hand (not Option<int>) so that every bad value gets the same message style and exit code 2.
        var threads = new Option<string>("--threads")
        {
            Description = "Threads GEMM may use (default: all processors).",
            DefaultValueFactory = _ => Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per size instead of prose." };
        var shapes = new Option<string[]>("--shape")
        {
            Description = "Time C[m,n] = op(A)·op(B) instead of square sizes: m,n,k with optional transpose flags ta,tb (0/1), e.g. 128,5969,1792,0,1. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };

        var command = new Command("gemm", "Median GFLOP/s of the fp32 GEMM on square matrices (2n³ flops per call).");
        command.Options.Add(sizes);
        command.Options.Add(threads);
        command.Options.Add(json);
        command.Options.Add(shapes);
        command.SetAction(parseResult =>
        {
            if (!TryParseSizes(parseResult.GetValue(sizes) ?? "", out var ns, out string? error) ||
                !TryParseThreads(parseResult.GetValue(threads) ?? "", out int threadCount, out error) ||
                !TryParseShapes(parseResult.GetValue(shapes) ?? [], out var problems, out error))
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"heed bench gemm: {error}");
                return CliErrors.InputError;
            }
            if (problems.Count == 0) problems = ns.Select(n => new Shape(n, n, n, false, false)).ToList();
            Run(problems, threadCount, parseResult.GetValue(json), parseResult.InvocationConfiguration.Output);
            return 0;
        });
        return command;
    }

    /// <summary>One timed problem: C[m,n] = op(A)·op(B) with k-long dot products.</summary>
    private readonly record struct Shape(int M, int N, int K, bool TransA, bool TransB)
    {
        public bool Square => M == N && N == K && !TransA && !TransB;
    }

    private static void Run(IReadOnlyList<Shape> shapes, int threads, bool json, TextWriter output)
    {
        using var useThreads = Parallelism.Use(threads);
        var inv = CultureInfo.InvariantCulture;
        foreach (var s in shapes)
        {
            var (gflops, cpu) = Measure(s);
            string ta = s.TransA ? "1" : "0", tb = s.TransB ? "1" : "0";
            output.WriteLine((json, s.Square) switch
            {
                (true, true) => string.Create(inv, $"{{\"bench\":\"gemm\",\"n\":{s.N},\"threads\":{threads},\"gflops\":{gflops:F1},\"gflops_per_cpu_s\":{cpu:F1}}}"),
                (true, false) => string.Create(inv, $"{{\"bench\":\"gemm\",\"m\":{s.M},\"n\":{s.N},\"k\":{s.K},\"ta\":{ta},\"tb\":{tb},\"threads\":{threads},\"gflops\":{gflops:F1},\"gflops_per_cpu_s\":{cpu:F1}}}"),
                (false, true) => string.Create(inv, $"gemm n={s.N,5} threads={threads}: {gflops,7:F1} GFLOP/s, {cpu,7:F1} per CPU-second (medians of {Samples})"),
                _ => string.Create(inv, $"gemm m={s.M,5} n={s.N,5} k={s.K,5} ta={ta} tb={tb} threads={threads}: {gflops,7:F1} GFLOP/s, {cpu,7:F1} per CPU-second (medians of {Samples})"),
            });
        }
    }

    /// <summary>
    /// Median GFLOP/s over several samples, by wall clock and per CPU-second of this process (the second is far less
    /// disturbed by other jobs on a shared machine); each sample repeats the call until it lasts long enough to time.
    /// </summary>
    private static (double Wall, double Cpu) Measure(Shape s)
    {
        var random = new Random(1234);
        int m = s.M, n = s.N, k = s.K;
        float[] a = RandomMatrix(random, m * k), b = RandomMatrix(random, k * n), c = new float[m * n];
        int lda = s.TransA ? m : k, ldb = s.TransB ? k : n;
        void Call() => Gemm.Multiply(s.TransA, s.TransB, m, n, k, 1f, a, lda, b, ldb, 0f, c, n);

        // Warm-up long enough for the JIT to reach its optimised tier and for packing buffers and pool threads to exist.
        var clock = Stopwatch.StartNew();
        int warmCalls = 0;
        while (warmCalls < 2 || clock.Elapsed.TotalSeconds < WarmUpSeconds) { Call(); warmCalls++; }
        int calls = Math.Max(1, (int)(MinSampleSeconds * warmCalls / clock.Elapsed.TotalSeconds));

        var rates = new double[Samples];
        var cpuRates = new double[Samples];
        using var process = Process.GetCurrentProcess();
        for (int sample = 0; sample < Samples; sample++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            clock.Restart();
            for (int i = 0; i < calls; i++) Call();
            double seconds = clock.Elapsed.TotalSeconds;
            process.Refresh();
            double cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
            rates[sample] = 2.0 * m * n * k * calls / seconds / 1e9;
            cpuRates[sample] = 2.0 * m * n * k * calls / Math.Max(cpuSeconds, 1e-9) / 1e9;
        }
        Array.Sort(rates);
        Array.Sort(cpuRates);
        return (rates[Samples / 2], cpuRates[Samples / 2]);
    }

    private static float[] RandomMatrix(Random random, int count)
    {
        var m = new float[count];
        for (int i = 0; i < m.Length; i++) m[i] = (float)(random.NextDouble() * 2 - 1);
        return m;
    }

    private static bool TryParseSizes(string text, out List<int> sizes, out string? error)
    {
        sizes = [];
        foreach (string part in text.Split(','))
        {
            if (!int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || n > 16384)
            {
                error = $"--sizes '{text}': '{part}' is not a size between 1 and 16384 (expected e.g. 256,512,1024).";
                return false;
            }
            sizes.Add(n);
        }
        error = null;
        return true;
    }

    private static bool TryParseShapes(string[] texts, out List<Shape> shapes, out string? error)
    {
        shapes = [];
        foreach (string text in texts)
        {
            string[] parts = text.Split(',');
            var values = new int[5];
            bool ok = parts.Length is 3 or 5;
            for (int i = 0; ok && i < parts.Length; i++)
                ok = int.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out values[i])
                    && (i < 3 ? values[i] is >= 1 and <= 16384 : values[i] is 0 or 1);
            if (!ok)
            {
                error = $"--shape '{text}': expected m,n,k (each 1..16384) optionally followed by ta,tb (0 or 1), e.g. 128,5969,1792,0,1.";
                return false;
            }
            shapes.Add(new Shape(values[0], values[1], values[2], values[3] == 1, values[4] == 1));
        }
        error = null;
        return true;
    }

    private static bool TryParseThreads(string text, out int threads, out string? error)
    {
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out threads) && threads >= 1)
        {
            error = null;
            return true;
        }
        error = $"--threads '{text}' is not a whole number of at least 1.";
        return false;
    }
}
