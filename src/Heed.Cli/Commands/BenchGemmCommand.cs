using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Heed.Tensors;
using Heed.Tensors.Kernels;

namespace Heed.Cli.Commands;

/// <summary><c>heed bench gemm</c>: throughput of <see cref="Gemm.Multiply"/> on square n×n×n problems.</summary>
internal static class BenchGemmCommand
{
    private const int Samples = 7;
    private const double MinSampleSeconds = 0.05;
    private const double WarmUpSeconds = 0.3;

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

        var command = new Command("gemm", "Median GFLOP/s of the fp32 GEMM on square matrices (2n³ flops per call).");
        command.Options.Add(sizes);
        command.Options.Add(threads);
        command.Options.Add(json);
        command.SetAction(parseResult =>
        {
            if (!TryParseSizes(parseResult.GetValue(sizes) ?? "", out var ns, out string? error) ||
                !TryParseThreads(parseResult.GetValue(threads) ?? "", out int threadCount, out error))
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"heed bench gemm: {error}");
                return 2;
            }
            Run(ns, threadCount, parseResult.GetValue(json), parseResult.InvocationConfiguration.Output);
            return 0;
        });
        return command;
    }

    private static void Run(IReadOnlyList<int> sizes, int threads, bool json, TextWriter output)
    {
        int previous = Parallelism.Threads;
        Parallelism.Threads = threads;
        try
        {
            foreach (int n in sizes)
            {
                double gflops = Measure(n);
                output.WriteLine(json
                    ? string.Create(CultureInfo.InvariantCulture,
                        $"{{\"bench\":\"gemm\",\"n\":{n},\"threads\":{threads},\"gflops\":{gflops:F1}}}")
                    : string.Create(CultureInfo.InvariantCulture,
                        $"gemm n={n,5} threads={threads}: {gflops,7:F1} GFLOP/s (median of {Samples})"));
            }
        }
        finally
        {
            Parallelism.Threads = previous;
        }
    }

    /// <summary>Median GFLOP/s over several samples; each sample repeats the call until it lasts long enough to time.</summary>
    private static double Measure(int n)
    {
        var random = new Random(1234);
        float[] a = RandomMatrix(random, n), b = RandomMatrix(random, n), c = new float[n * n];
        void Call() => Gemm.Multiply(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n);

        // Warm-up long enough for the JIT to reach its optimised tier and for packing buffers and pool threads to exist.
        var clock = Stopwatch.StartNew();
        int warmCalls = 0;
        while (warmCalls < 2 || clock.Elapsed.TotalSeconds < WarmUpSeconds) { Call(); warmCalls++; }
        int calls = Math.Max(1, (int)(MinSampleSeconds * warmCalls / clock.Elapsed.TotalSeconds));

        var rates = new double[Samples];
        for (int s = 0; s < Samples; s++)
        {
            clock.Restart();
            for (int i = 0; i < calls; i++) Call();
            rates[s] = 2.0 * n * n * n * calls / clock.Elapsed.TotalSeconds / 1e9;
        }
        Array.Sort(rates);
        return rates[Samples / 2];
    }

    private static float[] RandomMatrix(Random random, int n)
    {
        var m = new float[n * n];
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
