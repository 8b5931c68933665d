namespace Heed.Pointer;

/// <summary>One input sequence of vectors and the indices the network must point at, in order.</summary>
/// <param name="Inputs">[Count, Dim] row-major: element i is Inputs[i·Dim … i·Dim + Dim − 1]</param>
/// <param name="Count">n, the number of input elements</param>
/// <param name="Dim">features per element</param>
/// <param name="Target">indices into the input (0 … n − 1), in output order; the end of the output is implicit</param>
public sealed record PointerExample(float[] Inputs, int Count, int Dim, int[] Target)
{
    /// <summary>Element <paramref name="i"/>'s features.</summary>
    public ReadOnlySpan<float> Element(int i) => Inputs.AsSpan(i * Dim, Dim);
}
