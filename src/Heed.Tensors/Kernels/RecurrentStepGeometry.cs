using System.Numerics.Tensors;

namespace Heed.Tensors.Kernels;

/// <summary>
/// The sizes a fused recurrent step works with, checked once, and the part of the backward pass every gated cell
/// shares: from d(W_hh·h + b_hh) to the gradients of h, W_hh and b_hh.
/// </summary>
internal readonly record struct RecurrentStepGeometry(int Batch, int Hidden, int Gates, int Steps, int Step)
{
    /// <summary>Offset of row <paramref name="row"/>'s input projection for this step inside xProj.</summary>
    public int XRow(int row) => (row * Steps + Step) * Gates * Hidden;

    /// <summary>Validates the operands of a fused cell step and names every shape when they do not fit.</summary>
    /// <param name="op">name of the calling op, used in error messages</param>
    /// <param name="gates">G: 3 for GRU, 4 for LSTM</param>
    /// <param name="xProj">input projections, [B, G·H] for one step or [B, T, G·H] for the sequence</param>
    /// <param name="state">the state the step reads</param>
    /// <param name="weightHh">W_hh, [G·H, H]</param>
    /// <param name="biasHh">b_hh, [G·H]</param>
    /// <param name="active">null, or the step's [B] activity flags (only their length is checked here)</param>
    /// <param name="step">position in a [B, T, G·H] xProj; ignored (taken as 0) for a [B, G·H] one</param>
    /// <param name="stateRank">2 for a [B, H] state (GRU), 3 for a stacked [2, B, H] state (LSTM: h then c).</param>
    public static RecurrentStepGeometry Check(string op, int gates, Tensor xProj, Tensor state, Tensor weightHh, Tensor biasHh,
        bool[]? active, int step, int stateRank)
    {
        string Shapes() =>
            $"{op}: xProj {ShapeOf.Format(xProj.Shape)}, state {ShapeOf.Format(state.Shape)}, weight_hh {ShapeOf.Format(weightHh.Shape)}, " +
            $"bias_hh {ShapeOf.Format(biasHh.Shape)} do not fit (xProj [B, {gates}H] or [B, T, {gates}H], state " +
            (stateRank == 2 ? "[B, H]" : "[2, B, H]") + $", weight_hh [{gates}H, H], bias_hh [{gates}H]).";
        if (state.Rank != stateRank || (stateRank == 3 && state.Dim(0) != 2) || weightHh.Rank != 2 || biasHh.Rank != 1)
            throw new ArgumentException(Shapes());
        int batch = state.Dim(-2), hidden = state.Dim(-1);
        bool fits = weightHh.Dim(0) == gates * hidden && weightHh.Dim(1) == hidden && biasHh.Dim(0) == gates * hidden
            && (xProj.Rank == 2 || xProj.Rank == 3) && xProj.Dim(0) == batch && xProj.Dim(-1) == gates * hidden;
        if (!fits) throw new ArgumentException(Shapes());
        int steps = xProj.Rank == 3 ? xProj.Dim(1) : 1;
        if (xProj.Rank == 2) step = 0;
        if (step < 0 || step >= steps)
            throw new ArgumentOutOfRangeException(nameof(step), $"{op}: step {step} is outside the {steps} steps of xProj {ShapeOf.Format(xProj.Shape)}.");
        if (active is not null && active.Length != batch)
            throw new ArgumentException($"{op}: {active.Length} activity flags for a batch of {batch}.");
        return new RecurrentStepGeometry(batch, hidden, gates, steps, step);
    }

    /// <summary>
    /// Writes h·W_hhᵀ + b_hh [B, G·H] into the first G·H columns of each row of <paramref name="output"/> (row stride
    /// <paramref name="ldOutput"/>, so the cell can keep its saved gates beside them): bias first, then GEMM with beta = 1.
    /// </summary>
    /// <param name="g">the checked sizes of the step</param>
    /// <param name="state">h in its first B·H floats</param>
    /// <param name="weightHh">W_hh, [G·H, H]</param>
    /// <param name="biasHh">b_hh, [G·H]</param>
    /// <param name="output">receives the projection, row r at r · ldOutput</param>
    /// <param name="ldOutput">row stride of <paramref name="output"/>, ≥ G·H</param>
    public static void HiddenProjection(RecurrentStepGeometry g, ReadOnlySpan<float> state, Tensor weightHh, Tensor biasHh, Span<float> output, int ldOutput)
    {
        int gh = g.Gates * g.Hidden;
        var bias = biasHh.Span;
        for (int r = 0; r < g.Batch; r++) bias.CopyTo(output.Slice(r * ldOutput, gh));
        if (PackedWeights.For(g.Batch, weightHh, 0, g.Hidden, transposed: true) is { } packed)
            Gemm.MultiplyPacked(false, g.Batch, 1f, state, g.Hidden, packed, 1f, output, ldOutput);
        else
            Gemm.Multiply(false, true, g.Batch, gh, g.Hidden, 1f, state, g.Hidden, weightHh.Span, g.Hidden, 1f, output, ldOutput);
    }

    /// <summary>
    /// Given dGates = d(h·W_hhᵀ + b_hh) [B, G·H]: d h += dGates·W_hh (into the first B·H floats of the state's
    /// gradient, which hold h), d W_hh += dGatesᵀ·h, d b_hh += Σ_rows dGates. Only operands that need gradients get them.
    /// </summary>
    public static void HiddenProjectionBackward(RecurrentStepGeometry g, ReadOnlySpan<float> dGates, Tensor state, Tensor weightHh, Tensor biasHh)
    {
        int b = g.Batch, h = g.Hidden, gh = g.Gates * g.Hidden;
        if (state.RequiresGrad)
        {
            if (PackedWeights.For(b, weightHh, 0, h, transposed: false) is { } packed)
                Gemm.MultiplyPacked(false, b, 1f, dGates, gh, packed, 1f, state.GradForAccumulation(), h);
            else
                Gemm.Multiply(false, false, b, h, gh, 1f, dGates, gh, weightHh.Span, h, 1f, state.GradForAccumulation(), h);
        }
        if (weightHh.RequiresGrad)
            Gemm.Multiply(true, false, gh, h, b, 1f, dGates, gh, state.Span, h, 1f, weightHh.GradForAccumulation(), h);
        if (biasHh.RequiresGrad)
        {
            var db = biasHh.GradForAccumulation();
            for (int r = 0; r < b; r++) TensorPrimitives.Add(db, dGates.Slice(r * gh, gh), db);
        }
    }
}
