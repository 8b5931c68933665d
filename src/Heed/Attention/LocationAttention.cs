using Heed.Tensors;
using Heed.Tensors.Nn;

namespace Heed.Attention;

/// <summary>
/// Location-based weights: a_t = softmax(W_a s_t), from the query alone; W_a [L, dq] (<c>proj.weight</c>,
/// <c>proj.bias</c>) maps to a fixed maximum source length L. The first Tk scores are kept, masked and renormalised
/// to the real length (a softmax over the kept positions equals the L-way softmax renormalised over them).
/// </summary>
/// <remarks>
/// Luong, Pham and Manning 2015, Eq. (9): a_t = softmax(W_a h_t). The keys are not used for the score (only the
/// values and the mask); a step costs L·dq multiply-adds per query. Keys longer than L are an error.
/// </remarks>
public sealed class LocationAttention : Attention
{
    /// <summary>W_a with a bias, [L, dq].</summary>
    public Linear Proj { get; }

    /// <summary>L, the longest key sequence this module can attend to.</summary>
    public int MaxLength { get; }

    /// <summary>Creates the score for keys sequences of at most <paramref name="maxLength"/> positions.</summary>
    public LocationAttention(int queryDim, int keyDim, int maxLength, Random random) : base(queryDim, keyDim)
    {
        if (maxLength <= 0) throw new ArgumentOutOfRangeException(nameof(maxLength), $"LocationAttention: maximum source length {maxLength} must be positive.");
        MaxLength = maxLength;
        Proj = RegisterModule("proj", new Linear(queryDim, maxLength, random));
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">Tk exceeds the maximum length L.</exception>
    protected internal override Tensor ProjectKeys(Tensor keys) =>
        keys.Dim(1) <= MaxLength
            ? keys
            : throw new ArgumentException($"LocationAttention: {keys.Dim(1)} keys ({keys.Describe()}) exceed the maximum source length {MaxLength}.", nameof(keys));

    /// <inheritdoc/>
    protected internal override Tensor Score(Tensor queries, ProjectedKeys keys) =>
        Proj.Forward(queries).Slice(2, 0, keys.Length);
}
