using Heed.Tensors;

namespace Heed.Memory;

/// <summary>Reading from and writing to an N×M memory through a weighting (Graves et al. 2014, section 3.1–3.2).</summary>
public static class NtmMemory
{
    /// <summary>r = Σ_i w[i] · M[i] (Eq. 2).</summary>
    /// <param name="memory">[B, N, M]</param>
    /// <param name="weighting">[B, N]</param>
    /// <returns>[B, M]</returns>
    public static Tensor Read(Tensor memory, Tensor weighting)
    {
        int batch = memory.Dim(0), locations = memory.Dim(1), width = memory.Dim(2);
        return weighting.Reshape(batch, 1, locations).MatMul(memory).Reshape(batch, width); // [B, 1, N]·[B, N, M] → [B, M]
    }

    /// <summary>M' = M ⊙ (1 − w eᵀ) + w aᵀ (Eqs. 3–4): erase, then add, at every location in proportion to its weight.</summary>
    /// <param name="memory">[B, N, M]</param>
    /// <param name="weighting">[B, N]</param>
    /// <param name="erase">[B, M] in [0, 1]</param>
    /// <param name="add">[B, M]</param>
    /// <returns>[B, N, M]</returns>
    public static Tensor Write(Tensor memory, Tensor weighting, Tensor erase, Tensor add)
    {
        int batch = memory.Dim(0), locations = memory.Dim(1), width = memory.Dim(2);
        var w = weighting.Reshape(batch, locations, 1);                            // [B, N, 1]
        var erased = w.MatMul(erase.Reshape(batch, 1, width));                     // [B, N, M] = w eᵀ
        var added = w.MatMul(add.Reshape(batch, 1, width));                        // [B, N, M] = w aᵀ
        return memory - memory * erased + added;
    }
}
