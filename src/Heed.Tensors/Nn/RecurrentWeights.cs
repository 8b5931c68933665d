namespace Heed.Tensors.Nn;

/// <summary>The four parameters of one gated recurrent cell, drawn as PyTorch does: all from U(−1/√H, 1/√H).</summary>
internal readonly record struct RecurrentWeights(Tensor WeightIh, Tensor WeightHh, Tensor BiasIh, Tensor BiasHh)
{
    /// <param name="random">the model's seeded generator</param>
    /// <param name="gates">3 for GRU, 4 for LSTM</param>
    /// <param name="inputSize">features per input vector</param>
    /// <param name="hiddenSize">H</param>
    public static RecurrentWeights Create(Random random, int gates, int inputSize, int hiddenSize)
    {
        if (inputSize <= 0 || hiddenSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(hiddenSize), $"Recurrent cell sizes must be positive: input {inputSize}, hidden {hiddenSize}.");
        float bound = 1f / MathF.Sqrt(hiddenSize);
        return new RecurrentWeights(
            Init.Uniform(random, bound, gates * hiddenSize, inputSize),
            Init.Uniform(random, bound, gates * hiddenSize, hiddenSize),
            Init.Uniform(random, bound, gates * hiddenSize),
            Init.Uniform(random, bound, gates * hiddenSize));
    }
}
