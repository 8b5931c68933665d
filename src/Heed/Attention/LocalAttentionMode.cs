namespace Heed.Attention;

/// <summary>How local attention chooses the centre p_t of its window (Luong et al. 2015, §3.2).</summary>
public enum LocalAttentionMode
{
    /// <summary>local-m: p_t = t (monotonic alignment), clamped to the last real key.</summary>
    Monotonic,

    /// <summary>local-p: p_t = S·sigmoid(v_pᵀ tanh(W_p s_t)), weights multiplied by a Gaussian with σ = D/2.</summary>
    Predictive,
}
