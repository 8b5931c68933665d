namespace Heed.Tensors.Nn;

/// <summary>
/// GRU and LSTM steps written with ordinary ops (Linear, Split, Sigmoid, Tanh, Mul, Add): slow but plainly the
/// PyTorch equations. They are the oracle the fused ops (<see cref="Ops.GruCell"/>, <see cref="Ops.LstmCellStacked"/>)
/// are tested against, and the baseline of the fused-vs-composite benchmark.
/// </summary>
public static class CompositeCells
{
    /// <summary>A GRU step; see <see cref="Ops.GruCell"/> for the equations.</summary>
    /// <param name="xProj">[B, 3H], already holding W_ih·x + b_ih</param>
    /// <param name="hPrev">[B, H]</param>
    /// <param name="weightHh">[3H, H]</param>
    /// <param name="biasHh">[3H]</param>
    /// <param name="keep">null, or [B, H] of 1 (step taken) and 0 (state carried, as for padding)</param>
    /// <returns>h' [B, H]</returns>
    public static Tensor GruStep(Tensor xProj, Tensor hPrev, Tensor weightHh, Tensor biasHh, Tensor? keep = null)
    {
        int h = hPrev.Dim(-1);
        var x = xProj.Split(-1, h, h, h);
        var hh = Ops.Linear(hPrev, weightHh, biasHh).Split(-1, h, h, h);
        var r = (x[0] + hh[0]).Sigmoid();
        var z = (x[1] + hh[1]).Sigmoid();
        var n = (x[2] + r * hh[2]).Tanh();
        var next = n + z * (hPrev - n);
        return Carry(hPrev, next, keep);
    }

    /// <summary>An LSTM step; see <see cref="Ops.LstmCellStacked"/> for the equations.</summary>
    /// <param name="xProj">[B, 4H], already holding W_ih·x + b_ih</param>
    /// <param name="hPrev">[B, H]</param>
    /// <param name="cPrev">[B, H]</param>
    /// <param name="weightHh">[4H, H]</param>
    /// <param name="biasHh">[4H]</param>
    /// <param name="keep">null, or [B, H] of 1 (step taken) and 0 (state carried)</param>
    /// <returns>h' and c', each [B, H]</returns>
    public static (Tensor H, Tensor C) LstmStep(Tensor xProj, Tensor hPrev, Tensor cPrev, Tensor weightHh, Tensor biasHh, Tensor? keep = null)
    {
        int h = hPrev.Dim(-1);
        var pre = (xProj + Ops.Linear(hPrev, weightHh, biasHh)).Split(-1, h, h, h, h);
        var i = pre[0].Sigmoid();
        var f = pre[1].Sigmoid();
        var g = pre[2].Tanh();
        var o = pre[3].Sigmoid();
        var c = f * cPrev + i * g;
        var hNext = o * c.Tanh();
        return (Carry(hPrev, hNext, keep), Carry(cPrev, c, keep));
    }

    /// <summary>keep ⊙ next + (1 − keep) ⊙ prev, written as prev + keep ⊙ (next − prev).</summary>
    private static Tensor Carry(Tensor prev, Tensor next, Tensor? keep) => keep is null ? next : prev + keep * (next - prev);
}
