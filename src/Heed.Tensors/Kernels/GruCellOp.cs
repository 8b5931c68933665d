using System.Numerics.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Kernels;
using Heed.Tensors.Memory;

namespace Heed.Tensors;

public static partial class Ops
{
    /// <summary>
    /// One fused GRU step (PyTorch gate order r, z, n):
    /// r = σ(x_r + W_hr h + b_hr), z = σ(x_z + W_hz h + b_hz), n = tanh(x_n + r ⊙ (W_hn h + b_hn)),
    /// h' = (1 − z) ⊙ n + z ⊙ h, where x = <paramref name="xProj"/> already holds W_ih·input + b_ih.
    /// One GEMM for the hidden projection; the backward pass is hand-derived (oracle: <see cref="Nn.CompositeCells.GruStep"/>).
    /// </summary>
    /// <param name="xProj">[B, 3H] for one step, or [B, T, 3H] for a whole sequence of which step <paramref name="step"/> is read.</param>
    /// <param name="hPrev">[B, H]</param>
    /// <param name="weightHh">[3H, H]</param>
    /// <param name="biasHh">[3H]</param>
    /// <param name="active">null, or [B] flags: a row that is not active keeps its state (h' = h), as for padding.</param>
    /// <param name="step">the time index into a [B, T, 3H] <paramref name="xProj"/>; ignored for [B, 3H].</param>
    /// <returns>h' [B, H]</returns>
    /// <exception cref="ArgumentException">when the shapes do not fit, naming them.</exception>
    public static Tensor GruCell(Tensor xProj, Tensor hPrev, Tensor weightHh, Tensor biasHh, bool[]? active = null, int step = 0)
    {
        var g = RecurrentStepGeometry.Check("GruCell", 3, xProj, hPrev, weightHh, biasHh, active, step, stateRank: 2);
        int b = g.Batch, h = g.Hidden, h3 = 3 * h, h4 = 4 * h;

        // saved = [r | z | n | hn] per row: exactly what the backward pass reads.
        var saved = Tensor.Empty(b, h4);
        var y = Tensor.Empty(b, h);
        RecurrentStepGeometry.HiddenProjection(g, hPrev.Span, weightHh, biasHh, saved.Span, h4);
        // rows are independent, so threads split them without changing any result
        Parallelism.ForRangesIfLarge(b, (long)b * h4, (start, end, _) =>
        {
            var ss = saved.Span; var ys = y.Span; var hs = hPrev.Span; var xs = xProj.Span;
            for (int r = start; r < end; r++)
            {
                var row = ss.Slice(r * h4, h4);
                var x = xs.Slice(g.XRow(r), h3);
                var rg = row[..h]; var zg = row.Slice(h, h); var ng = row.Slice(2 * h, h); var hn = row.Slice(3 * h, h);
                var hp = hs.Slice(r * h, h); var hy = ys.Slice(r * h, h);
                ng.CopyTo(hn);
                TensorPrimitives.Add(rg, x[..h], rg);
                FloatActivations.Sigmoid(rg, rg);
                TensorPrimitives.Add(zg, x.Slice(h, h), zg);
                FloatActivations.Sigmoid(zg, zg);
                TensorPrimitives.FusedMultiplyAdd(rg, hn, x.Slice(2 * h, h), ng);
                FloatActivations.Tanh(ng, ng);
                if (active is not null && !active[r]) { hp.CopyTo(hy); continue; }
                // h' = n + z ⊙ (h − n)
                TensorPrimitives.Subtract(hp, ng, hy);
                TensorPrimitives.FusedMultiplyAdd(zg, hy, ng, hy);
            }
        });

        Tensor[] inputs = [xProj, hPrev, weightHh, biasHh];
        if (GradMode.Tracks(inputs))
            y.Record(inputs, () => GruCellBackward(g, xProj, hPrev, weightHh, biasHh, active, saved, y));
        return y;
    }

    private static void GruCellBackward(RecurrentStepGeometry g, Tensor xProj, Tensor hPrev, Tensor weightHh, Tensor biasHh,
        bool[]? active, Tensor saved, Tensor dyTensor)
    {
        int b = g.Batch, h = g.Hidden, h3 = 3 * h, h4 = 4 * h;
        using var dGatesScratch = ScratchBuffer.Rent(b * h3);
        var dGatesBuffer = dGatesScratch; // d(W_hh h + b_hh) per row: [dr_pre | dz_pre | dn_pre ⊙ r]
        // allocate the lazily created gradients here, on one thread, before the rows read them concurrently
        if (hPrev.RequiresGrad) hPrev.GradForAccumulation();
        if (xProj.RequiresGrad) xProj.GradForAccumulation();
        // each row writes only its own slices of dGates, dh and dx, so threads split rows without changing any result
        Parallelism.ForRangesIfLarge(b, (long)b * h4, (start, end, _) =>
        {
            using var tmpScratch = ScratchBuffer.Rent(h);
            var tmp = tmpScratch.Span;
            var dGates = dGatesBuffer.Span;
            var dy = dyTensor.GradForAccumulation();
            var ss = saved.Span; var hs = hPrev.Span;
            var dh = hPrev.RequiresGrad ? hPrev.GradForAccumulation() : default;
            var dx = xProj.RequiresGrad ? xProj.GradForAccumulation() : default;
            for (int r = start; r < end; r++)
            {
                var dyr = dy.Slice(r * h, h);
                var dg = dGates.Slice(r * h3, h3);
                if (active is not null && !active[r])
                {
                    dg.Clear();
                    if (!dh.IsEmpty) { var d = dh.Slice(r * h, h); TensorPrimitives.Add(d, dyr, d); }
                    continue;
                }
                var row = ss.Slice(r * h4, h4);
                var rg = row[..h]; var zg = row.Slice(h, h); var ng = row.Slice(2 * h, h); var hn = row.Slice(3 * h, h);
                var hp = hs.Slice(r * h, h);
                var dr = dg[..h]; var dz = dg.Slice(h, h); var dn = dg.Slice(2 * h, h);

                // dz_pre = z(1 − z) ⊙ dy ⊙ (h − n);  dn_pre = (1 − n²) ⊙ dy ⊙ (1 − z);  dr_pre = r(1 − r) ⊙ hn ⊙ dn_pre
                TensorPrimitives.Subtract(hp, ng, dz);
                GateDerivatives.Sigmoid(zg, dyr, dz, dz, tmp);
                TensorPrimitives.Subtract(1f, zg, dr); // dr as scratch for 1 − z until it is written below
                GateDerivatives.Tanh(ng, dyr, dr, dn, tmp);
                GateDerivatives.Sigmoid(rg, hn, dn, dr, tmp);
                if (!dx.IsEmpty)
                {
                    var dxr = dx.Slice(g.XRow(r), h3);
                    TensorPrimitives.Add(dxr, dg, dxr);
                }
                // the hidden side of n sees r ⊙ (W_hn h + b_hn)
                TensorPrimitives.Multiply(dn, rg, dn);
                if (!dh.IsEmpty)
                {
                    var d = dh.Slice(r * h, h);
                    TensorPrimitives.FusedMultiplyAdd(dyr, zg, d, d);
                }
            }
        });
        var dGatesAll = dGatesScratch.Span;
        RecurrentStepGeometry.HiddenProjectionBackward(g, dGatesAll, hPrev, weightHh, biasHh);
    }
}
