namespace Heed.Tensors.Nn;

/// <summary>
/// The parameters a single-step gated cell holds, under PyTorch's cell names: weight_ih [G·H, in],
/// weight_hh [G·H, H], bias_ih and bias_hh [G·H], all from U(−1/√H, 1/√H).
/// </summary>
public abstract class GatedCell : Module
{
    /// <summary>Input-to-hidden weights, [G·H, in], registered as <c>weight_ih</c>.</summary>
    public Tensor WeightIh { get; }
    /// <summary>Hidden-to-hidden weights, [G·H, H], registered as <c>weight_hh</c>.</summary>
    public Tensor WeightHh { get; }
    /// <summary>Input-side bias, [G·H], registered as <c>bias_ih</c>.</summary>
    public Tensor BiasIh { get; }
    /// <summary>Hidden-side bias, [G·H], registered as <c>bias_hh</c>.</summary>
    public Tensor BiasHh { get; }
    /// <summary>Size of each input vector.</summary>
    public int InputSize { get; }
    /// <summary>Size of the hidden state H.</summary>
    public int HiddenSize { get; }

    private protected GatedCell(int gates, int inputSize, int hiddenSize, Random random)
    {
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        var w = RecurrentWeights.Create(random, gates, inputSize, hiddenSize);
        WeightIh = RegisterParameter("weight_ih", w.WeightIh);
        WeightHh = RegisterParameter("weight_hh", w.WeightHh);
        BiasIh = RegisterParameter("bias_ih", w.BiasIh);
        BiasHh = RegisterParameter("bias_hh", w.BiasHh);
    }

    /// <summary>W_ih·x + b_ih for one step: [B, in] → [B, G·H].</summary>
    private protected Tensor InputProjection(Tensor x) => Ops.Linear(x, WeightIh, BiasIh);
}
