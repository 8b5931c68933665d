namespace Heed.Pointer;

/// <summary>The sizes of a <see cref="PointerNetwork"/>.</summary>
/// <param name="InputSize">features of each input element (1 for numbers, 2 for points)</param>
/// <param name="Embedding">size of the linear input embedding</param>
/// <param name="Hidden">LSTM units of the encoder and of the decoder</param>
/// <param name="AttentionSize">n of the additive score vᵀ tanh(W1 e + W2 d)</param>
/// <param name="MaskChosen">a position already pointed at cannot be chosen again (decoding and the training loss)</param>
/// <param name="Bidirectional">
/// the encoder reads the inputs in both directions, Hidden / 2 units each, so every encoded position has seen all the
/// inputs (the paper's encoder is one direction); the outputs and the final states are the two halves side by side,
/// so the rest of the network keeps its sizes
/// </param>
/// <param name="Glimpse">
/// before pointing, the decoder state attends over the encoded positions (its own additive score, chosen positions
/// masked as the pointer masks them) and the pointer's query is W2 times that weighted sum of encoder outputs rather
/// than W2 d (Bello et al. 2016's glimpse)
/// </param>
public sealed record PointerNetworkConfig(int InputSize, int Embedding = 128, int Hidden = 128, int AttentionSize = 128, bool MaskChosen = true, bool Bidirectional = false, bool Glimpse = false)
{
    /// <summary>Throws when a size is out of range.</summary>
    /// <exception cref="HeedInputException">a size is outside [1, 100000], or Hidden is odd with a bidirectional encoder; the message names the option.</exception>
    public void Validate()
    {
        foreach (var (value, name) in new[] { (InputSize, "input size"), (Embedding, "--embedding"), (Hidden, "--hidden"), (AttentionSize, "--attention-size") })
            if (value < 1 || value > 100_000) throw new HeedInputException($"{name} {value}: must be in [1, 100000].");
        if (Bidirectional && Hidden % 2 != 0)
            throw new HeedInputException($"--hidden {Hidden}: must be even with --bidirectional (each direction has hidden / 2 units).");
    }
}
