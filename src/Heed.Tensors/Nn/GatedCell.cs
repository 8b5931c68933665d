namespace Heed.Tensors.Nn;

/// <summary>
/// The parameters a single-step gated cell holds, under PyTorch's cell names: weight_ih [G·H, in],
/// weight_hh [G·H, H], bias_ih and bias_hh [G·H], all from U(−1/√H, 1/√H).
/// </summary>
public abstract class GatedCell : Module
{
    public Tensor WeightIh { get; }
    public Tensor WeightHh { get; }
    public Tensor BiasIh { get; }
    public Tensor BiasHh { get; }
    public int InputSize { get; }
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
