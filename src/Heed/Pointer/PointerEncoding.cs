using Heed.Attention;
using Heed.Tensors;

namespace Heed.Pointer;

/// <summary>What the encoder hands the decoder: the embedded elements (the decoder's inputs), the keys W1·e and the final state.</summary>
/// <param name="Elements">[B, n + 1, E] the end element then the embedded inputs</param>
/// <param name="Keys">[B, n + 1, A] W1·e_j + b for every position</param>
/// <param name="H">[1, B, H] the encoder's final hidden state</param>
/// <param name="C">[1, B, H] the encoder's final cell state</param>
/// <param name="Outputs">[B, n + 1, H] the encoder's outputs, kept for a glimpse (else null)</param>
/// <param name="GlimpseKeys">[B, n + 1, A] the glimpse's keys G1·e_j + b (else null)</param>
public sealed record PointerEncoding(Tensor Elements, Tensor Keys, Tensor H, Tensor C, Tensor? Outputs = null, Tensor? GlimpseKeys = null)
{
    /// <summary>Rows of the batch as an encoding of their own (beam search repeats a row once per hypothesis).</summary>
    public PointerEncoding Rows(int[] rows)
    {
        static Tensor State(Tensor s, int[] rows) => s.Reshape(s.Dim(1), s.Dim(2)).SelectBatch(rows).Reshape(1, rows.Length, s.Dim(2));
        return new PointerEncoding(Elements.SelectBatch(rows), Keys.SelectBatch(rows), State(H, rows), State(C, rows),
            Outputs?.SelectBatch(rows), GlimpseKeys?.SelectBatch(rows));
    }

    /// <summary>The embedded elements at the given positions, one per row and step: [B, steps, E].</summary>
    /// <param name="positions">[B · steps] row-major positions in [0, n]</param>
    /// <param name="steps">positions per row</param>
    public Tensor Gather(int[] positions, int steps)
    {
        int batch = Elements.Dim(0), count = Elements.Dim(1), width = Elements.Dim(2);
        var flat = new int[positions.Length];
        for (int i = 0; i < positions.Length; i++) flat[i] = (i / steps) * count + positions[i];
        return Ops.Embedding(Elements.Reshape(batch * count, width), flat, [batch, steps]);
    }
}
