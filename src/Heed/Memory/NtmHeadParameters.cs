using Heed.Tensors;

namespace Heed.Memory;

/// <summary>What a head emits at one step, after its activations (Graves et al. 2014, section 3.3).</summary>
/// <param name="Key">[B, M] key vector k (tanh)</param>
/// <param name="Beta">[B] key strength β ≥ 0 (softplus)</param>
/// <param name="Gate">[B] interpolation gate g ∈ (0, 1) (sigmoid)</param>
/// <param name="Shift">[B, S] shift weighting s (softmax over the S allowed shifts)</param>
/// <param name="Gamma">[B] sharpening γ ≥ 1 (1 + softplus)</param>
/// <param name="Erase">[B, M] erase vector e ∈ (0, 1)ᴹ (sigmoid); write heads only, else null</param>
/// <param name="Add">[B, M] add vector a (tanh); write heads only, else null</param>
public sealed record NtmHeadParameters(Tensor Key, Tensor Beta, Tensor Gate, Tensor Shift, Tensor Gamma, Tensor? Erase, Tensor? Add);
