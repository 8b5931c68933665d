namespace Heed.Tensors;

/// <summary>
/// Deterministic 64-bit keys for counter-based random streams, mixed from integers (seed, step, layer, replica, call)
/// with SplitMix64's finaliser. Unlike <see cref="HashCode.Combine{T1,T2}"/>, which is salted per process, the same
/// parts give the same key in every process, so a resumed training draws the masks an uninterrupted one would.
/// </summary>
internal static class StreamKey
{
    /// <summary>The key of the given parts, in order (order matters).</summary>
    public static ulong Of(params ReadOnlySpan<long> parts)
    {
        ulong key = 0x243F6A8885A308D3UL; // digits of π: any fixed non-zero start
        foreach (long part in parts) key = Mix(key ^ Mix(unchecked((ulong)part) + 0x9E3779B97F4A7C15UL));
        return key;
    }

    /// <summary>SplitMix64's output function: a bijection on 64 bits whose every output bit depends on every input bit.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
