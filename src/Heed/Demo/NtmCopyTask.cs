using Heed.Tensors;

namespace Heed.Demo;

/// <summary>
/// The copy task of Graves et al. 2014 (section 4.1): a sequence of random bit vectors, then a delimiter, then as many
/// blank steps during which the machine must output the sequence again. Inputs have one channel more than the bits:
/// the delimiter flag, set only on the step after the sequence.
/// </summary>
public static class NtmCopyTask
{
    /// <summary>Draws <paramref name="batch"/> sequences of <paramref name="length"/> vectors of <paramref name="bits"/> fair random bits.</summary>
    /// <returns>The batch: inputs [batch, 2·length + 1, bits + 1] and targets [batch, length, bits] (row-major).</returns>
    public static CopyBatch Sample(Random random, int batch, int length, int bits)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (batch < 1 || length < 1 || bits < 1)
            throw new ArgumentOutOfRangeException(nameof(length), $"NtmCopyTask: batch {batch}, length {length} and bits {bits} must be positive.");
        int steps = 2 * length + 1, channels = bits + 1;
        var inputs = new float[batch * steps * channels];
        var targets = new float[batch * length * bits];
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < length; t++)
                for (int i = 0; i < bits; i++)
                {
                    float bit = random.Next(2);
                    inputs[(b * steps + t) * channels + i] = bit;
                    targets[(b * length + t) * bits + i] = bit;
                }
            inputs[(b * steps + length) * channels + bits] = 1f; // the delimiter
        }
        return new CopyBatch(Tensor.FromArray(inputs, batch, steps, channels), targets, batch, length, bits);
    }
}
