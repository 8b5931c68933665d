using Heed.Tensors.Kernels;

namespace Heed.Tensors;

public static partial class Ops
{
    private const int DropoutBlock = 4096;

    /// <summary>
    /// Inverted dropout: each element is zeroed with probability <paramref name="p"/> and the rest scaled by 1/(1−p),
    /// so inference needs no rescaling. Element i's fate is a function of (<paramref name="key"/>, i) only
    /// (<see cref="DropoutMask"/>), so the same key gives the same mask on any number of threads.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">p outside [0, 1).</exception>
    public static Tensor Dropout(this Tensor x, float p, ulong key)
    {
        if (p < 0 || p >= 1) throw new ArgumentOutOfRangeException(nameof(p), $"Dropout: p = {p} must be in [0, 1).");
        if (p == 0) return x;
        var mask = Tensor.Empty(x.Shape.ToArray());
        int blocks = (mask.Length + DropoutBlock - 1) / DropoutBlock;
        Parallelism.ForRangesIfLarge(blocks, mask.Length, (start, end, _) =>
        {
            int from = start * DropoutBlock, to = Math.Min(mask.Length, end * DropoutBlock);
            DropoutMask.Fill(mask.Span[from..to], key, p, (uint)from);
        });
        return x.Mul(mask);
    }
}
