namespace Heed.Tensors.Nn;

/// <summary>
/// A multi-layer, optionally bidirectional LSTM over batch-first sequences with per-sentence lengths, equal to
/// PyTorch's <c>nn.LSTM(batch_first=True)</c> on a packed sequence: parameters weight_ih_l{k}, weight_hh_l{k},
/// bias_ih_l{k}, bias_hh_l{k} (and _reverse), padded steps carry h and c and output 0, and the reverse direction
/// starts at each sentence's own last real token.
/// </summary>
public sealed class Lstm : RecurrentLayer
{
    /// <param name="inputSize">features of the input</param>
    /// <param name="hiddenSize">H</param>
    /// <param name="random">seeded generator for the weights (U(−1/√H, 1/√H)) and the dropout seed</param>
    /// <param name="numLayers">stacked layers</param>
    /// <param name="bidirectional">adds a reverse direction per layer</param>
    /// <param name="dropout">dropout between layers while training, in [0, 1)</param>
    public Lstm(int inputSize, int hiddenSize, Random random, int numLayers = 1, bool bidirectional = false, float dropout = 0f)
        : base(4, inputSize, hiddenSize, numLayers, bidirectional, dropout, random) { }

    /// <param name="x">[B, T, in]</param>
    /// <param name="lengths">null (all T) or [B] real lengths in [0, T]</param>
    /// <param name="h0">null (zeros) or [layers · D, B, H]</param>
    /// <param name="c0">null (zeros) or [layers · D, B, H]</param>
    /// <returns>Output [B, T, D·H] (0 at padded positions), HN and CN [layers · D, B, H], index layer · D + direction.</returns>
    /// <exception cref="ArgumentException">when a shape or length does not fit, naming it.</exception>
    public (Tensor Output, Tensor HN, Tensor CN) Forward(Tensor x, int[]? lengths = null, Tensor? h0 = null, Tensor? c0 = null)
    {
        int batch = x.Rank == 3 ? x.Dim(0) : -1;
        CheckInitial(h0, "h0", batch);
        CheckInitial(c0, "c0", batch);
        var (output, finals) = Run(x, lengths, (index, b) =>
            h0 is null && c0 is null
                ? Tensor.Zeros(2, b, HiddenSize)
                : Ops.Stack([h0?.Select(0, index) ?? Tensor.Zeros(b, HiddenSize), c0?.Select(0, index) ?? Tensor.Zeros(b, HiddenSize)], 0));
        return (output, Ops.Stack(finals.Select(f => f.Select(0, 0)).ToArray(), 0), Ops.Stack(finals.Select(f => f.Select(0, 1)).ToArray(), 0));
    }

    private protected override Tensor FusedStep(Tensor xProj, int step, Tensor state, Tensor weightHh, Tensor biasHh, bool[]? active) =>
        Ops.LstmCellStacked(xProj, state, weightHh, biasHh, active, step);

    private protected override Tensor CompositeStep(Tensor xProjStep, Tensor state, Tensor weightHh, Tensor biasHh, Tensor? keep)
    {
        var (h, c) = CompositeCells.LstmStep(xProjStep, state.Select(0, 0), state.Select(0, 1), weightHh, biasHh, keep);
        return Ops.Stack([h, c], 0);
    }
}
