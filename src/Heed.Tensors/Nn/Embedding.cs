namespace Heed.Tensors.Nn;

/// <summary>A table of <c>vocab</c> vectors of size <c>dim</c>, initialised from N(0, 1) as PyTorch does.</summary>
public sealed class Embedding : Module
{
    public Tensor Weight { get; }

    public Embedding(int vocab, int dim, Random random) =>
        Weight = RegisterParameter("weight", Init.Normal(random, 1f, vocab, dim));

    /// <param name="ids">ids laid out as <paramref name="shape"/>, e.g. [B, T]</param>
    /// <returns>shape + [dim]</returns>
    public Tensor Forward(ReadOnlySpan<int> ids, params int[] shape) => Ops.Embedding(Weight, ids, shape);
}
