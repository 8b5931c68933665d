using System.Numerics.Tensors;
using Heed.Tensors;
using Tensor = Heed.Tensors.Tensor;

namespace Heed.Models.Transformer;

/// <summary>
/// Multi-head scaled dot-product attention of one query per row, for decoder steps: softmax(q_j·K_jᵀ/√d_k)·V_j for
/// every head j, with keys and values read where they lie — a self-attention cache or the cross-attention projections,
/// both laid out [rows, capacity, d_model] with head j in columns j·d_k … (j + 1)·d_k − 1 — and the heads' contexts
/// written side by side, so neither the split into heads nor the merge back costs a copy.
/// </summary>
/// <remarks>
/// The same function as <see cref="Heed.Attention.MultiHeadAttention.Attend"/> between the projections (its test
/// oracle), without autodiff: search steps run under no-grad. Row r uses its first n_r keys (the source's real
/// length, or the positions decoded so far); padding sits after them, so a length is the key mask.
/// A GEMM per (row, head) with one query would spend more on packing than the Tk·d_k multiply-adds it does.
/// </remarks>
internal static class OneQueryAttention
{
    /// <summary>Where keys or values are read from: a tensor's span or a cache's array, fetched inside each worker.</summary>
    public delegate ReadOnlySpan<float> Floats();

    /// <param name="queries">q W^Q: row r's d_model values start at r·<paramref name="queryStride"/></param>
    /// <param name="queryStride">floats from one row's query to the next (d_model, or 3·d_model in a fused [q; k; v])</param>
    /// <param name="keys">[rows, capacity, d_model] (only the first n_r positions of row r are read)</param>
    /// <param name="values">[rows, capacity, d_model]</param>
    /// <param name="capacity">positions per row in <paramref name="keys"/> and <paramref name="values"/></param>
    /// <param name="heads">h</param>
    /// <param name="length">n_r: the number of keys of row r (≤ capacity)</param>
    /// <param name="context">written: [rows, d_model], the heads' contexts side by side (before W^O)</param>
    /// <param name="meanWeights">written when not null: [rows, width ≥ max n_r], the weights averaged over heads,
    /// zero after n_r</param>
    public static void Run(Tensor queries, int queryStride, Floats keys, Floats values, int capacity, int heads, Func<int, int> length,
        Tensor context, Tensor? meanWeights)
    {
        int rows = context.Dim(0), d = context.Dim(1), dk = d / heads;
        float scale = 1f / MathF.Sqrt(dk);
        int width = meanWeights?.Dim(1) ?? 0;
        Parallelism.ForRangesIfLarge(rows, (long)rows * capacity * d, (start, end, _) =>
        {
            var q = queries.Span; var k = keys(); var v = values(); var c = context.Span;
            var w = new float[capacity];
            for (int r = start; r < end; r++)
            {
                int n = length(r);
                var mean = meanWeights is null ? default : meanWeights.Span.Slice(r * width, width);
                mean.Clear();
                for (int j = 0; j < heads; j++)
                {
                    var qj = q.Slice(r * queryStride + j * dk, dk);
                    var cj = c.Slice(r * d + j * dk, dk);
                    cj.Clear();
                    if (n == 0) continue; // every key masked: zero weights and context, as the library's softmax gives
                    int first = r * capacity * d + j * dk;
                    for (int i = 0; i < n; i++) w[i] = scale * TensorPrimitives.Dot(qj, k.Slice(first + i * d, dk));
                    var wn = w.AsSpan(0, n);
                    Heed.Tensors.Kernels.StableSoftmax.Apply(wn, wn);
                    for (int i = 0; i < n; i++) TensorPrimitives.MultiplyAdd(v.Slice(first + i * d, dk), wn[i], cj, cj);
                    if (meanWeights is not null) TensorPrimitives.MultiplyAdd(wn, 1f / heads, mean[..n], mean[..n]);
                }
            }
        });
    }
}
