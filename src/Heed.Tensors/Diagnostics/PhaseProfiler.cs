using System.Diagnostics;

namespace Heed.Tensors.Diagnostics;

/// <summary>
/// Wall-clock time per named phase (encoder, attention, backward, …) for benchmark breakdowns. Off by default, and
/// then <see cref="Measure"/> costs one branch: models can stay instrumented. Safe to use from several threads at once
/// (data-parallel replicas): their times add up, so a phase's seconds are then thread-seconds, not wall-clock.
/// </summary>
internal static class PhaseProfiler
{
    private static readonly Dictionary<string, long> Ticks = [];
    private static readonly Lock Gate = new();

    /// <summary>Whether <see cref="Measure"/> records anything.</summary>
    public static bool Enabled { get; set; }

    /// <summary>Starts timing <paramref name="phase"/> until the returned scope is disposed (no-op when disabled).</summary>
    public static Scope Measure(string phase) => Enabled ? new Scope(phase, Stopwatch.GetTimestamp()) : default;

    /// <summary>Seconds recorded per phase since the last <see cref="Reset"/>.</summary>
    public static IReadOnlyDictionary<string, double> Seconds()
    {
        lock (Gate) return Ticks.ToDictionary(kv => kv.Key, kv => (double)kv.Value / Stopwatch.Frequency);
    }

    /// <summary>The op that recorded a backward closure: the method the lambda was written in ("&lt;Linear&gt;b__3_0" → "Linear").</summary>
    public static string OpName(Delegate backward)
    {
        string name = backward.Method.Name;
        int open = name.IndexOf('<'), close = name.IndexOf('>');
        return open >= 0 && close > open ? name[(open + 1)..close] : name;
    }

    /// <summary>Forgets every recorded time.</summary>
    public static void Reset()
    {
        lock (Gate) Ticks.Clear();
    }

    /// <summary>A running measurement; dispose to add its time to its phase.</summary>
    public readonly struct Scope(string? phase, long start) : IDisposable
    {
        public void Dispose()
        {
            if (phase is null) return;
            long elapsed = Stopwatch.GetTimestamp() - start;
            lock (Gate) Ticks[phase] = Ticks.GetValueOrDefault(phase) + elapsed;
        }
    }
}
