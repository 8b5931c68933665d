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
    public Tensor Forward(Tensor x, Tensor h) => ForwardProjected(InputProjection(x), h);

    /// <summary>The step from an input projection W_ih·x + b_ih [B, 3H] computed by the caller (e.g. in parts, see
    /// <see cref="Ops.LinearColumns"/>).</summary>
    /// <exception cref="ArgumentException">when a shape does not fit, naming it.</exception>
    public Tensor ForwardProjected(Tensor inputProjection, Tensor h) => Ops.GruCell(inputProjection, h, WeightHh, BiasHh);
}
