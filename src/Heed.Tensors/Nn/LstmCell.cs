namespace Heed.Tensors.Nn;

/// <summary>
/// A single LSTM step as a module (PyTorch's LSTMCell, parameters as in <see cref="GatedCell"/> with G = 4), for
/// decoders that feed their own input at every step. The step is the fused <see cref="Ops.LstmCell"/>.
/// </summary>
public sealed class LstmCell(int inputSize, int hiddenSize, Random random) : GatedCell(4, inputSize, hiddenSize, random)
{
    /// <param name="x">[B, in]</param>
    /// <param name="h">[B, H]</param>
    /// <param name="c">[B, H]</param>
    /// <returns>h' and c', each [B, H]</returns>
    /// <exception cref="ArgumentException">when a shape does not fit, naming it.</exception>
    public (Tensor H, Tensor C) Forward(Tensor x, Tensor h, Tensor c) => ForwardProjected(InputProjection(x), h, c);

    /// <summary>The step from an input projection W_ih·x + b_ih [B, 4H] computed by the caller (e.g. in parts, see
    /// <see cref="Ops.LinearColumns"/>).</summary>
    /// <exception cref="ArgumentException">when a shape does not fit, naming it.</exception>
    public (Tensor H, Tensor C) ForwardProjected(Tensor inputProjection, Tensor h, Tensor c) => Ops.LstmCell(inputProjection, h, c, WeightHh, BiasHh);
}
