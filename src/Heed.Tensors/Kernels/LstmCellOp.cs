using System.Numerics.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Kernels;
using Heed.Tensors.Memory;

namespace Heed.Tensors;

public static partial class Ops
{
    /// <summary>
    /// One fused LSTM step (PyTorch gate order i, f, g, o) on a stacked state [h; c]:
    /// (i, f, g, o) = (σ, σ, tanh, σ)(x + W_hh h + b_hh), c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c'),
    /// where x = <paramref name="xProj"/> already holds W_ih·input + b_ih. One GEMM for the hidden projection;
    /// the backward pass is hand-derived (oracle: <see cref="Nn.CompositeCells.LstmStep"/>). The state is stacked so a
    /// sequence can chain steps without splitting it; <see cref="LstmCell(Tensor, Tensor, Tensor, Tensor, Tensor)"/> takes h and c apart.
    /// </summary>
    /// <param name="xProj">[B, 4H] for one step, or [B, T, 4H] for a whole sequence of which step <paramref name="step"/> is read.</param>
    /// <param name="state">[2, B, H]: h, then c.</param>
    /// <param name="weightHh">[4H, H]</param>
    /// <param name="biasHh">[4H]</param>
    /// <param name="active">null, or [B] flags: a row that is not active keeps its h and c, as for padding.</param>
    /// <param name="step">the time index into a [B, T, 4H] <paramref name="xProj"/>; ignored for [B, 4H].</param>
    /// <returns>the new state [2, B, H]: h', then c'.</returns>
    /// <exception cref="ArgumentException">when the shapes do not fit, naming them.</exception>
    public static Tensor LstmCellStacked(Tensor xProj, Tensor state, Tensor weightHh, Tensor biasHh, bool[]? active = null, int step = 0)
    {
        var g = RecurrentStepGeometry.Check("LstmCell", 4, xProj, state, weightHh, biasHh, active, step, stateRank: 3);
        int b = g.Batch, h = g.Hidden, h4 = 4 * h, h5 = 5 * h, bh = b * h;

        // saved = [i | f | g | o | tanh c'] per row; c comes from the input state.
        var saved = Tensor.Empty(b, h5);
        var y = Tensor.Empty(2, b, h);
        var ss = saved.Span; var ys = y.Span; var st = state.Span; var xs = xProj.Span;
        RecurrentStepGeometry.HiddenProjection(g, st, weightHh, biasHh, ss, h5);
        for (int r = 0; r < b; r++)
        {
            var row = ss.Slice(r * h5, h5);
            var x = xs.Slice(g.XRow(r), h4);
            var ig = row[..h]; var fg = row.Slice(h, h); var gg = row.Slice(2 * h, h); var og = row.Slice(3 * h, h); var tc = row.Slice(4 * h, h);
            TensorPrimitives.Add(row[..h4], x, row[..h4]);
            FloatActivations.Sigmoid(row[..(2 * h)], row[..(2 * h)]);
            FloatActivations.Tanh(gg, gg);
            FloatActivations.Sigmoid(og, og);
            var hp = st.Slice(r * h, h); var cp = st.Slice(bh + r * h, h);
            var hy = ys.Slice(r * h, h); var cy = ys.Slice(bh + r * h, h);
            if (active is not null && !active[r])
            {
                tc.Clear();
                hp.CopyTo(hy);
                cp.CopyTo(cy);
                continue;
            }
            TensorPrimitives.Multiply(ig, gg, cy);
            TensorPrimitives.FusedMultiplyAdd(fg, cp, cy, cy);
            FloatActivations.Tanh(cy, tc);
            TensorPrimitives.Multiply(og, tc, hy);
        }

        Tensor[] inputs = [xProj, state, weightHh, biasHh];
        if (GradMode.Tracks(inputs))
            y.Record(inputs, () => LstmCellBackward(g, xProj, state, weightHh, biasHh, active, saved, y.GradForAccumulation()));
        return y;
    }

    /// <summary>
    /// One fused LSTM step on separate h and c (for decoders stepping by hand); see
    /// <see cref="LstmCellStacked"/> for the equations.
    /// </summary>
    /// <param name="xProj">[B, 4H], already holding W_ih·input + b_ih</param>
    /// <param name="hPrev">[B, H]</param>
    /// <param name="cPrev">[B, H]</param>
    /// <param name="weightHh">[4H, H]</param>
    /// <param name="biasHh">[4H]</param>
    /// <returns>h' and c', each [B, H]</returns>
    public static (Tensor H, Tensor C) LstmCell(Tensor xProj, Tensor hPrev, Tensor cPrev, Tensor weightHh, Tensor biasHh)
    {
        if (hPrev.Rank != 2 || !hPrev.Shape.SequenceEqual(cPrev.Shape))
            throw new ArgumentException($"LstmCell: h {ShapeOf.Format(hPrev.Shape)} and c {ShapeOf.Format(cPrev.Shape)} must both be [B, H].");
        var next = LstmCellStacked(xProj, Stack([hPrev, cPrev], 0), weightHh, biasHh);
        return (next.Select(0, 0), next.Select(0, 1));
    }

    private static void LstmCellBackward(RecurrentStepGeometry g, Tensor xProj, Tensor state, Tensor weightHh, Tensor biasHh,
        bool[]? active, Tensor saved, Span<float> dy)
    {
        int b = g.Batch, h = g.Hidden, h4 = 4 * h, h5 = 5 * h, bh = b * h;
        using var dGatesScratch = ScratchBuffer.Rent(b * h4);
        using var scratch = ScratchBuffer.Rent(2 * h);
        var dGates = dGatesScratch.Span; // d(pre-activations) per row: [di | df | dg | do]
        var dct = scratch.Span[..h]; var tmp = scratch.Span.Slice(h, h);
        var ss = saved.Span; var st = state.Span;
        var dst = state.RequiresGrad ? state.GradForAccumulation() : default;
        var dx = xProj.RequiresGrad ? xProj.GradForAccumulation() : default;
        for (int r = 0; r < b; r++)
        {
            var dh = dy.Slice(r * h, h); var dc = dy.Slice(bh + r * h, h);
            var dg = dGates.Slice(r * h4, h4);
            if (active is not null && !active[r])
            {
                dg.Clear();
                if (!dst.IsEmpty)
                {
                    var a = dst.Slice(r * h, h); TensorPrimitives.Add(a, dh, a);
                    var c = dst.Slice(bh + r * h, h); TensorPrimitives.Add(c, dc, c);
                }
                continue;
            }
            var row = ss.Slice(r * h5, h5);
            var ig = row[..h]; var fg = row.Slice(h, h); var gg = row.Slice(2 * h, h); var og = row.Slice(3 * h, h); var tc = row.Slice(4 * h, h);
            var cp = st.Slice(bh + r * h, h);
            var di = dg[..h]; var df = dg.Slice(h, h); var dgg = dg.Slice(2 * h, h); var dO = dg.Slice(3 * h, h);

            // dc_total = dc + (1 − tanh² c') ⊙ dh ⊙ o
            GateDerivatives.Tanh(tc, dh, og, dct, tmp);
            TensorPrimitives.Add(dct, dc, dct);
            // do = o(1 − o) ⊙ dh ⊙ tanh c';  di = i(1 − i) ⊙ dc_total ⊙ g;  df = f(1 − f) ⊙ dc_total ⊙ c;  dg = (1 − g²) ⊙ dc_total ⊙ i
            GateDerivatives.Sigmoid(og, dh, tc, dO, tmp);
            GateDerivatives.Sigmoid(ig, dct, gg, di, tmp);
            GateDerivatives.Sigmoid(fg, dct, cp, df, tmp);
            GateDerivatives.Tanh(gg, dct, ig, dgg, tmp);
            if (!dx.IsEmpty)
            {
                var dxr = dx.Slice(g.XRow(r), h4);
                TensorPrimitives.Add(dxr, dg, dxr);
            }
            if (!dst.IsEmpty)
            {
                var c = dst.Slice(bh + r * h, h);
                TensorPrimitives.FusedMultiplyAdd(dct, fg, c, c);
            }
        }
        RecurrentStepGeometry.HiddenProjectionBackward(g, dGates, state, weightHh, biasHh);
    }
}
