using Heed.Tensors;
using Heed.Tensors.Kernels;
using Heed.Tensors.Nn;

namespace Heed.Models.Transformer;

/// <summary>
/// The position-wise feed-forward block, FFN(x) = W_2·dropout(act(W_1 x + b_1)) + b_2 with act ReLU (Vaswani et al.
/// 2017, Eq. 2) or GELU; parameters <c>linear1</c> [d_ff, d_model] and <c>linear2</c> [d_model, d_ff], as PyTorch's
/// encoder and decoder layers name them (and drop out inside the block, as they do).
/// </summary>
internal sealed class FeedForward : Module
{
    private readonly bool _gelu;

    public Linear Inner { get; }
    public Linear Outer { get; }
    public Dropout Dropout { get; }

    /// <param name="modelDim">d_model</param>
    /// <param name="innerDim">d_ff</param>
    /// <param name="activation">"relu" or "gelu"</param>
    /// <param name="dropout">probability of dropping an inner activation while training</param>
    /// <param name="random">initialiser (and the dropout stream's seed)</param>
    public FeedForward(int modelDim, int innerDim, string activation, float dropout, Random random)
    {
        _gelu = activation == "gelu";
        Inner = RegisterModule("linear1", new Linear(modelDim, innerDim, random));
        Outer = RegisterModule("linear2", new Linear(innerDim, modelDim, random));
        Dropout = RegisterModule("dropout", new Dropout(dropout, random.Next()));
    }

    /// <param name="x">[..., d_model]</param>
    /// <returns>[..., d_model]</returns>
    public Tensor Forward(Tensor x)
    {
        var inner = Inner.Forward(x);                   // [..., d_ff]
        return Outer.Forward(Dropout.Forward(Activate(inner)));
    }

    /// <summary>The same with <see cref="Inner"/>'s and <see cref="Outer"/>'s weights packed (no-grad steps).</summary>
    public Tensor Forward(Tensor x, GemmPackedB inner, GemmPackedB outer) =>
        Ops.Linear(Dropout.Forward(Activate(Ops.Linear(x, inner, Inner.Bias))), outer, Outer.Bias);

    private Tensor Activate(Tensor x) => _gelu ? x.Gelu() : x.Relu();
}
