using Heed.Tensors.Autodiff;

namespace Heed.Tensors.Nn;

/// <summary>Inverted dropout while <see cref="Module.Training"/>; the identity in evaluation.</summary>
/// <remarks>
/// Each call draws its mask from its own counter-based stream, keyed by (layer key, replica, call number): a
/// trainer that calls <see cref="Reseed"/> with a key of (seed, step, layer) before every step gets the same masks
/// after a resume, and data-parallel replicas (<see cref="GradientReplica"/>) sharing this layer each count their own
/// calls, so their masks do not depend on which thread ran first.
/// </remarks>
public sealed class Dropout : Module
{
    /// <summary>Replica indices this layer keeps call counters for.</summary>
    public const int MaxReplicas = 64;

    private ulong _key;
    private readonly long[] _calls = new long[MaxReplicas];
    /// <summary>Probability of zeroing an element while training; surviving elements are scaled by 1/(1 − p).</summary>
    public float P { get; }

    /// <param name="p">probability of zeroing an element, in [0, 1)</param>
    /// <param name="seed">seed of this layer's masks, so runs repeat</param>
    public Dropout(float p, int seed)
    {
        if (p < 0 || p >= 1) throw new ArgumentOutOfRangeException(nameof(p), $"Dropout p = {p} must be in [0, 1).");
        P = p;
        _key = StreamKey.Of(seed);
    }

    /// <summary>Restarts the layer's streams from <paramref name="key"/> (e.g. <c>StreamKey.Of(seed, step, layer)</c>).</summary>
    public void Reseed(ulong key)
    {
        _key = key;
        Array.Clear(_calls);
    }

    /// <exception cref="InvalidOperationException">called from a replica with index ≥ <see cref="MaxReplicas"/>.</exception>
    public Tensor Forward(Tensor x)
    {
        if (!Training || P == 0) return x;
        int replica = GradientReplica.Current?.Index ?? 0;
        if (replica >= MaxReplicas)
            throw new InvalidOperationException($"Dropout: replica {replica} is beyond the {MaxReplicas} this layer counts calls for.");
        return x.Dropout(P, StreamKey.Of((long)_key, replica, _calls[replica]++));
    }
}
