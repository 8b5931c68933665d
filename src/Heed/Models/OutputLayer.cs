using Heed.Tensors;
using Heed.Tensors.Nn;

namespace Heed.Models;

/// <summary>
/// The softmax layer's affine map, W·x + b over the target vocabulary. With tied embeddings (Press &amp; Wolf 2017)
/// W is the target embedding matrix itself, registered once under the embedding's name; only the bias is this
/// layer's own.
/// </summary>
internal sealed class OutputLayer : Module
{
    /// <summary>[vocabulary, in]</summary>
    public Tensor Weight { get; }

    /// <summary>[vocabulary]</summary>
    public Tensor Bias { get; }

    /// <summary>An untied layer of its own, initialised as <see cref="Linear"/> is.</summary>
    public OutputLayer(int inFeatures, int vocabulary, Random random)
    {
        var linear = new Linear(inFeatures, vocabulary, random);
        Weight = RegisterParameter("weight", linear.Weight);
        Bias = RegisterParameter("bias", linear.Bias!);
    }

    /// <summary>A layer whose weight is <paramref name="tiedWeight"/> (not registered here again).</summary>
    public OutputLayer(Tensor tiedWeight)
    {
        Weight = tiedWeight;
        Bias = RegisterParameter("bias", Init.Constant(0f, tiedWeight.Dim(0)));
    }
}
