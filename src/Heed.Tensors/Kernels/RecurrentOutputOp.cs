using System.Numerics.Tensors;
using Heed.Tensors.Autodiff;

namespace Heed.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Lays the per-step states of a recurrent layer out as its output [B, T, D·H]: direction d of position t is the
    /// first B·H floats of <c>states[d][t]</c> (h of a [B, H] GRU state or of a stacked [2, B, H] LSTM state), and
    /// positions at or beyond a sentence's length are 0.
    /// </summary>
    /// <param name="states">[D][T] step states, indexed by position (not by processing order).</param>
    /// <param name="lengths">null (every position real) or [B] lengths, already validated.</param>
    /// <param name="batch">B, sentences in the batch.</param>
    /// <param name="hidden">H, the state size of one direction.</param>
    internal static Tensor PackRecurrentOutputs(Tensor[][] states, int[]? lengths, int batch, int hidden)
    {
        int dirs = states.Length, steps = states[0].Length, width = dirs * hidden;
        var y = Tensor.Zeros(batch, steps, width);
        var ys = y.Span;
        for (int d = 0; d < dirs; d++)
            for (int t = 0; t < steps; t++)
            {
                var s = states[d][t].Span;
                for (int b = 0; b < batch; b++)
                    if (lengths is null || t < lengths[b])
                        s.Slice(b * hidden, hidden).CopyTo(ys.Slice((b * steps + t) * width + d * hidden, hidden));
            }
        var inputs = states.SelectMany(s => s).ToArray();
        if (GradMode.Tracks(inputs))
            y.Record(inputs, () =>
            {
                var dy = y.GradForAccumulation();
                for (int d = 0; d < dirs; d++)
                    for (int t = 0; t < steps; t++)
                    {
                        var state = states[d][t];
                        if (!state.RequiresGrad) continue;
                        // Usually the first gradient to reach a state (its next step's cell comes later in the
                        // backward order): then it is written, and only what y does not cover is zeroed.
                        var ds = state.GradForWrite(out bool accumulate);
                        if (!accumulate) ds[(batch * hidden)..].Clear(); // an LSTM state's stacked c half
                        for (int b = 0; b < batch; b++)
                        {
                            var dst = ds.Slice(b * hidden, hidden);
                            if (lengths is not null && t >= lengths[b])
                            {
                                if (!accumulate) dst.Clear();
                                continue;
                            }
                            var from = dy.Slice((b * steps + t) * width + d * hidden, hidden);
                            if (accumulate) TensorPrimitives.Add(dst, from, dst);
                            else from.CopyTo(dst);
                        }
                    }
            });
        return y;
    }
}
