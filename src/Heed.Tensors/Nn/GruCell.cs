namespace Heed.Tensors.Nn;

/// <summary>
/// A single GRU step as a module (PyTorch's GRUCell, parameters as in <see cref="GatedCell"/> with G = 3), for
/// decoders that feed their own input at every step. The step is the fused <see cref="Ops.GruCell"/>.
/// </summary>
public sealed class GruCell(int inputSize, int hiddenSize, Random random) : GatedCell(3, inputSize, hiddenSize, random)
{
    /// <param name="x">[B, in]</param>
    /// <param name="h">[B, H]</param>
    /// <returns>h' [B, H]</returns>
    /// <exception cref="ArgumentException">when a shape does not fit, naming it.</exception>
    public Tensor Forward(Tensor x, Tensor h) => Ops.GruCell(InputProjection(x), h, WeightHh, BiasHh);
}
