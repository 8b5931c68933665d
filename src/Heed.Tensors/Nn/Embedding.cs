namespace Heed.Tensors.Nn;

/// <summary>A table of <c>vocab</c> vectors of size <c>dim</c>, initialised from N(0, 1) as PyTorch does.</summary>
public sealed class Embedding : Module
{
    /// <summary>The table, [vocab, dim], registered as <c>weight</c>.</summary>
    public Tensor Weight { get; }

    /// <param name="vocab">number of rows (token ids 0 … vocab − 1)</param>
    /// <param name="dim">size of each vector</param>
    /// <param name="random">source of the initial N(0, 1) values</param>
    public Embedding(int vocab, int dim, Random random) =>
        Weight = RegisterParameter("weight", Init.Normal(random, 1f, vocab, dim));

    /// <param name="ids">ids laid out as <paramref name="shape"/>, e.g. [B, T]</param>
    /// <param name="shape">the layout of <paramref name="ids"/>; its product must equal the number of ids</param>
    /// <returns>shape + [dim]</returns>
    public Tensor Forward(ReadOnlySpan<int> ids, params int[] shape) => Ops.Embedding(Weight, ids, shape);
}
