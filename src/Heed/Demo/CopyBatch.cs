using Heed.Tensors;

namespace Heed.Demo;

/// <summary>A batch of copy sequences, all of one length.</summary>
/// <param name="Inputs">[Batch, 2·Length + 1, Bits + 1]</param>
/// <param name="Targets">[Batch, Length, Bits] row-major: what the last Length steps must output</param>
/// <param name="Batch">sequences</param>
/// <param name="Length">vectors per sequence</param>
/// <param name="Bits">bits per vector</param>
public sealed record CopyBatch(Tensor Inputs, float[] Targets, int Batch, int Length, int Bits)
{
    /// <summary>The output steps' logits [Batch, Length, Bits] from the machine's logits for every step.</summary>
    public Tensor OutputLogits(Tensor logits) => logits.Slice(1, Length + 1, Length);

    /// <summary>Mean over the sequences of the number of output bits that are wrong after thresholding σ(logit) at ½.</summary>
    /// <param name="outputLogits">[Batch, Length, Bits]</param>
    public double BitErrorsPerSequence(Tensor outputLogits)
    {
        var x = outputLogits.Span;
        long wrong = 0;
        for (int i = 0; i < Targets.Length; i++) if ((x[i] > 0 ? 1f : 0f) != Targets[i]) wrong++;
        return wrong / (double)Batch;
    }
}
