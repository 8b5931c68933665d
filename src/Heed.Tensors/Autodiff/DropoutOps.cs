using Heed.Tensors.Autodiff;

namespace Heed.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Inverted dropout: each element is zeroed with probability <paramref name="p"/> and the rest scaled by 1/(1−p),
    /// so inference needs no rescaling. The mask comes from <paramref name="random"/> (seed it for reproducible runs).
    /// </summary>
    public static Tensor Dropout(this Tensor x, float p, Random random)
    {
        if (p < 0 || p >= 1) throw new ArgumentOutOfRangeException(nameof(p), $"Dropout: p = {p} must be in [0, 1).");
        if (p == 0) return x;
        var mask = Tensor.Empty(x.Shape.ToArray());
        var m = mask.Span;
        float keep = 1f / (1f - p);
        for (int i = 0; i < m.Length; i++) m[i] = random.NextSingle() >= p ? keep : 0f;
        return x.Mul(mask);
    }
}
