using Heed.Tensors;
using Heed.Tensors.Nn;

namespace Heed.Models.Transformer;

/// <summary>
/// The residual connection around a sublayer with its layer normalisation, in either placement:
/// post-norm LayerNorm(x + dropout(f(x))) (Vaswani et al. 2017, §5.4) or pre-norm x + dropout(f(LayerNorm(x)))
/// (Xiong et al. 2020), which needs a final LayerNorm on the stack and trains without warm-up as deep stacks do.
/// </summary>
internal sealed class ResidualBlock : Module
{
    private readonly bool _preNorm;

    public LayerNorm Norm { get; }
    public Dropout Dropout { get; }

    /// <param name="modelDim">d_model</param>
    /// <param name="preNorm">true for pre-norm, false for post-norm</param>
    /// <param name="dropout">probability of dropping a sublayer output while training</param>
    /// <param name="random">the dropout stream's seed</param>
    public ResidualBlock(int modelDim, bool preNorm, float dropout, Random random)
    {
        _preNorm = preNorm;
        Norm = RegisterModule("norm", new LayerNorm(modelDim));
        Dropout = RegisterModule("dropout", new Dropout(dropout, random.Next()));
    }

    /// <param name="x">[..., d_model]</param>
    /// <param name="sublayer">f: [..., d_model] → [..., d_model]</param>
    public Tensor Apply(Tensor x, Func<Tensor, Tensor> sublayer) => _preNorm
        ? x.Add(Dropout.Forward(sublayer(Norm.Forward(x))))
        : Norm.Forward(x.Add(Dropout.Forward(sublayer(x))));
}
