namespace Heed.Tensors.Nn;

/// <summary>
/// A single GRU step as a module (PyTorch's GRUCell: parameters weight_ih [3H, in], weight_hh [3H, H], bias_ih,
/// bias_hh [3H]), for decoders that feed their own input at every step. The step is the fused <see cref="Ops.GruCell"/>.
/// </summary>
public sealed class GruCell : Module
{
    public Tensor WeightIh { get; }
    public Tensor WeightHh { get; }
    public Tensor BiasIh { get; }
    public Tensor BiasHh { get; }
    public int InputSize { get; }
    public int HiddenSize { get; }

    public GruCell(int inputSize, int hiddenSize, Random random)
    {
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        var w = RecurrentWeights.Create(random, 3, inputSize, hiddenSize);
        WeightIh = RegisterParameter("weight_ih", w.WeightIh);
        WeightHh = RegisterParameter("weight_hh", w.WeightHh);
        BiasIh = RegisterParameter("bias_ih", w.BiasIh);
        BiasHh = RegisterParameter("bias_hh", w.BiasHh);
    }

    /// <param name="x">[B, in]</param>
    /// <param name="h">[B, H]</param>
    /// <returns>h' [B, H]</returns>
    /// <exception cref="ArgumentException">when a shape does not fit, naming it.</exception>
    public Tensor Forward(Tensor x, Tensor h) => Ops.GruCell(Ops.Linear(x, WeightIh, BiasIh), h, WeightHh, BiasHh);
}
