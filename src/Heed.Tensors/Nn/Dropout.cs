namespace Heed.Tensors.Nn;

/// <summary>Inverted dropout while <see cref="Module.Training"/>; the identity in evaluation.</summary>
public sealed class Dropout : Module
{
    private Random _random;
    public float P { get; }

    /// <param name="p">probability of zeroing an element, in [0, 1)</param>
    /// <param name="seed">seed of this layer's own generator, so runs repeat</param>
    public Dropout(float p, int seed)
    {
        if (p < 0 || p >= 1) throw new ArgumentOutOfRangeException(nameof(p), $"Dropout p = {p} must be in [0, 1).");
        P = p;
        _random = new Random(seed);
    }

    /// <summary>Restarts the generator: a trainer reseeds every step from (seed, step) so a resumed run draws the same masks.</summary>
    public void Reseed(int seed) => _random = new Random(seed);

    public Tensor Forward(Tensor x) => Training && P > 0 ? x.Dropout(P, _random) : x;
}
