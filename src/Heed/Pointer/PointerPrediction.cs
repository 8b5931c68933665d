namespace Heed.Pointer;

/// <summary>What a pointer network answered for one input.</summary>
/// <param name="Indices">the input indices pointed at, in order (the end pointer not included)</param>
/// <param name="Weights">per output step including the end step, the softmax over the n + 1 positions (position 0 = end)</param>
/// <param name="LogProbability">log p of the whole answer with its end</param>
public sealed record PointerPrediction(int[] Indices, float[][] Weights, double LogProbability);
