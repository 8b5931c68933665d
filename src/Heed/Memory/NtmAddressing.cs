using Heed.Attention;
using Heed.Tensors;

namespace Heed.Memory;

/// <summary>
/// The four stages of Neural Turing Machine addressing (Graves, Wayne and Danihelka 2014, section 3.3), each a
/// composition of differentiable engine ops, so a head's weighting is trained end to end:
/// content (Eqs. 5–6), interpolation (Eq. 7), circular shift (Eq. 8) and sharpening (Eq. 9).
/// </summary>
/// <remarks>
/// Cost per head and step for a memory of N locations of width M and S shifts: N·M for the cosine similarities
/// (plus normalising the N rows, which is most of it), N·S for the shift and a few N for the rest.
/// </remarks>
public static class NtmAddressing
{
    /// <summary>Added to a weighting before its logarithm in <see cref="Sharpen"/>, so a location of weight 0 stays finite.</summary>
    public const float SharpenEpsilon = 1e-6f;

    /// <summary>
    /// w^c[b, i] = softmax_i(β[b] · cos(k[b], M[b, i])) (Eqs. 5–6). A zero row or key has cosine 0 with everything
    /// (see <see cref="AttentionOps.L2Normalize"/>), so a blank memory gives the uniform weighting.
    /// </summary>
    /// <param name="key">[B, M]</param>
    /// <param name="beta">[B], key strength ≥ 0</param>
    /// <param name="memory">[B, N, M]</param>
    /// <returns>[B, N]</returns>
    public static Tensor Content(Tensor key, Tensor beta, Tensor memory)
    {
        int batch = memory.Dim(0), width = memory.Dim(2), locations = memory.Dim(1);
        var cosine = key.L2Normalize().Reshape(batch, 1, width)                     // [B, 1, M]
            .MatMul(memory.L2Normalize(), transB: true)                             // [B, 1, N]
            .Reshape(batch, locations);                                             // [B, N]
        return MemoryOps.RowScale(cosine, beta).Softmax();
    }

    /// <summary>w^g = g · w^c + (1 − g) · w_{t−1} (Eq. 7): g = 1 takes the content weighting, g = 0 keeps the last one.</summary>
    /// <param name="content">[B, N]</param>
    /// <param name="previous">[B, N]</param>
    /// <param name="gate">[B], in [0, 1]</param>
    public static Tensor Interpolate(Tensor content, Tensor previous, Tensor gate) =>
        previous + MemoryOps.RowScale(content - previous, gate);

    /// <summary>w̃ = w^g ⊛ s (Eq. 8), see <see cref="MemoryOps.CircularShift"/>.</summary>
    /// <param name="gated">[B, N]</param>
    /// <param name="shift">[B, S]</param>
    public static Tensor Shift(Tensor gated, Tensor shift) => MemoryOps.CircularShift(gated, shift);

    /// <summary>
    /// w[i] = w̃[i]^γ / Σ_j w̃[j]^γ (Eq. 9), computed as softmax(γ · log(w̃ + ε)) with ε = <see cref="SharpenEpsilon"/>:
    /// the same ratio of powers, normalised with the row maximum taken out.
    /// </summary>
    /// <param name="shifted">[B, N]</param>
    /// <param name="gamma">[B], ≥ 1</param>
    public static Tensor Sharpen(Tensor shifted, Tensor gamma) =>
        MemoryOps.RowScale(shifted.AddScalar(SharpenEpsilon).Log(), gamma).Softmax();

    /// <summary>All four stages: the head's new weighting from its parameters, the memory and its last weighting.</summary>
    /// <param name="head">the head's activated parameters</param>
    /// <param name="memory">[B, N, M]</param>
    /// <param name="previous">[B, N]</param>
    /// <returns>[B, N]</returns>
    public static Tensor Address(NtmHeadParameters head, Tensor memory, Tensor previous)
    {
        ArgumentNullException.ThrowIfNull(head);
        var content = Content(head.Key, head.Beta, memory);
        var gated = Interpolate(content, previous, head.Gate);
        return Sharpen(Shift(gated, head.Shift), head.Gamma);
    }
}
