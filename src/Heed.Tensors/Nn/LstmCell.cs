namespace Heed.Tensors.Nn;

/// <summary>
/// A single LSTM step as a module (PyTorch's LSTMCell: parameters weight_ih [4H, in], weight_hh [4H, H], bias_ih,
/// bias_hh [4H]), for decoders that feed their own input at every step. The step is the fused <see cref="Ops.LstmCell"/>.
/// </summary>
public sealed class LstmCell : Module
{
    public Tensor WeightIh { get; }
    public Tensor WeightHh { get; }
    public Tensor BiasIh { get; }
    public Tensor BiasHh { get; }
    public int InputSize { get; }
    public int HiddenSize { get; }

    public LstmCell(int inputSize, int hiddenSize, Random random)
    {
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        var w = RecurrentWeights.Create(random, 4, inputSize, hiddenSize);
        WeightIh = RegisterParameter("weight_ih", w.WeightIh);
        WeightHh = RegisterParameter("weight_hh", w.WeightHh);
        BiasIh = RegisterParameter("bias_ih", w.BiasIh);
        BiasHh = RegisterParameter("bias_hh", w.BiasHh);
    }

    /// <param name="x">[B, in]</param>
    /// <param name="h">[B, H]</param>
    /// <param name="c">[B, H]</param>
    /// <returns>h' and c', each [B, H]</returns>
    /// <exception cref="ArgumentException">when a shape does not fit, naming it.</exception>
    public (Tensor H, Tensor C) Forward(Tensor x, Tensor h, Tensor c) =>
        Ops.LstmCell(Ops.Linear(x, WeightIh, BiasIh), h, c, WeightHh, BiasHh);
}
