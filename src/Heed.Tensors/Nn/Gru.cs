namespace Heed.Tensors.Nn;

/// <summary>
/// A multi-layer, optionally bidirectional GRU over batch-first sequences with per-sentence lengths, equal to
/// PyTorch's <c>nn.GRU(batch_first=True)</c> on a packed sequence: parameters weight_ih_l{k}, weight_hh_l{k},
/// bias_ih_l{k}, bias_hh_l{k} (and _reverse), padded steps carry the state and output 0, and the reverse direction
/// starts at each sentence's own last real token.
/// </summary>
public sealed class Gru : RecurrentLayer
{
    /// <param name="inputSize">features of the input</param>
    /// <param name="hiddenSize">H</param>
    /// <param name="random">seeded generator for the weights (U(−1/√H, 1/√H)) and the dropout seed</param>
    /// <param name="numLayers">stacked layers</param>
    /// <param name="bidirectional">adds a reverse direction per layer</param>
    /// <param name="dropout">dropout between layers while training, in [0, 1)</param>
    public Gru(int inputSize, int hiddenSize, Random random, int numLayers = 1, bool bidirectional = false, float dropout = 0f)
        : base(3, inputSize, hiddenSize, numLayers, bidirectional, dropout, random) { }

    /// <param name="x">[B, T, in]</param>
    /// <param name="lengths">null (all T) or [B] real lengths in [0, T]</param>
    /// <param name="h0">null (zeros) or [layers · D, B, H]</param>
    /// <returns>Output [B, T, D·H] (0 at padded positions) and HN [layers · D, B, H], index layer · D + direction.</returns>
    /// <exception cref="ArgumentException">when a shape or length does not fit, naming it.</exception>
    public (Tensor Output, Tensor HN) Forward(Tensor x, int[]? lengths = null, Tensor? h0 = null)
    {
        CheckInitial(h0, "h0", x.Rank == 3 ? x.Dim(0) : -1);
        var (output, finals) = Run(x, lengths, (index, batch) => h0 is null ? Tensor.Zeros(batch, HiddenSize) : h0.Select(0, index));
        return (output, Ops.Stack(finals, 0));
    }

    private protected override Tensor FusedStep(Tensor xProj, int step, Tensor state, Tensor weightHh, Tensor biasHh, bool[]? active) =>
        Ops.GruCell(xProj, state, weightHh, biasHh, active, step);

    private protected override Tensor CompositeStep(Tensor xProjStep, Tensor state, Tensor weightHh, Tensor biasHh, Tensor? keep) =>
        CompositeCells.GruStep(xProjStep, state, weightHh, biasHh, keep);
}
