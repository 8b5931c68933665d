using Heed.Tensors;

namespace Heed.Attention;

/// <summary>What one attention call returns.</summary>
/// <param name="Context">[B, Tq, dv]: Σ_i a_{t,i} v_i for every query t.</param>
/// <param name="Weights">
/// [B, Tq, Tk]: the alignment weights a_{t,i} (before any dropout). They sum to 1 over the unmasked keys of a row,
/// are exactly 0 on masked keys, and a row whose keys are all masked is all zeros (so is its context), never NaN.
/// Local-p attention multiplies them by its Gaussian, so its rows sum to at most 1.
/// </param>
public sealed record AttentionResult(Tensor Context, Tensor Weights);
