using System.Diagnostics;

namespace Heed.Tensors.Diagnostics;

/// <summary>
/// Wall-clock time per named phase (encoder, attention, backward, …) for benchmark breakdowns. Off by default, and
/// then <see cref="Measure"/> costs one branch: models can stay instrumented. Not thread-safe: phases are measured
/// from the one thread that drives a model (kernels may still fan out underneath).
/// </summary>
public static class PhaseProfiler
{
    private static readonly Dictionary<string, long> Ticks = [];

    /// <summary>Whether <see cref="Measure"/> records anything.</summary>
    public static bool Enabled { get; set; }

    /// <summary>Starts timing <paramref name="phase"/> until the returned scope is disposed (no-op when disabled).</summary>
    public static Scope Measure(string phase) => Enabled ? new Scope(phase, Stopwatch.GetTimestamp()) : default;

    /// <summary>Seconds recorded per phase since the last <see cref="Reset"/>.</summary>
    public static IReadOnlyDictionary<string, double> Seconds() =>
        Ticks.ToDictionary(kv => kv.Key, kv => (double)kv.Value / Stopwatch.Frequency);

    /// <summary>The op that recorded a backward closure: the method the lambda was written in ("&lt;Linear&gt;b__3_0" → "Linear").</summary>
    public static string OpName(Delegate backward)
    {
        string name = backward.Method.Name;
        int open = name.IndexOf('<'), close = name.IndexOf('>');
        return open >= 0 && close > open ? name[(open + 1)..close] : name;
    }

    /// <summary>Forgets every recorded time.</summary>
    public static void Reset() => Ticks.Clear();

    /// <summary>A running measurement; dispose to add its time to its phase.</summary>
    public readonly struct Scope(string? phase, long start) : IDisposable
    {
        public void Dispose()
        {
            if (phase is null) return;
            long elapsed = Stopwatch.GetTimestamp() - start;
            Ticks[phase] = Ticks.GetValueOrDefault(phase) + elapsed;
        }
    }
}
