using System.Numerics.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Kernels;

namespace Heed.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Fused affine map x·Wᵀ + b: the bias is written first and GEMM accumulates onto it (beta = 1), one pass
    /// instead of two. Equal to <c>x.MatMul(weight, transB: true).Add(bias)</c>, its test oracle.
    /// </summary>
    /// <param name="x">[..., in]</param>
    /// <param name="weight">[out, in]</param>
    /// <param name="bias">[out] or null</param>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        if (weight.Rank != 2 || x.Rank == 0 || x.Dim(-1) != weight.Dim(1) || (bias is not null && (bias.Rank != 1 || bias.Dim(0) != weight.Dim(0))))
            throw new ArgumentException($"Linear: input {ShapeOf.Format(x.Shape)}, weight {ShapeOf.Format(weight.Shape)} and bias {(bias is null ? "none" : ShapeOf.Format(bias.Shape))} do not fit ([..., in], [out, in], [out]).");
        return Linear(x, weight, 0, bias);
    }

    /// <summary>
    /// x·W[:, c0 : c0 + in]ᵀ + b: a linear map through a block of the weight's columns, read in place through the GEMM
    /// leading dimension, with the gradient accumulated into that block. Lets a layer whose input is a concatenation
    /// [u; v] apply the u and v halves of one weight separately (e.g. u for all time steps at once, v per step) while
    /// the weight stays one parameter. Equal to <c>Linear(x, weight.Slice(1, c0, in), bias)</c>, its test oracle.
    /// </summary>
    /// <param name="x">[..., in]</param>
    /// <param name="weight">[out, total] with c0 + in ≤ total</param>
    /// <param name="firstColumn">c0</param>
    /// <param name="bias">[out] (added to every row), or the output's own shape [..., out] (added element-wise: the
    /// other half's projection, so no separate Add is needed), or null</param>
    /// <exception cref="ArgumentException">The shapes or the column block do not fit; the message names them.</exception>
    public static Tensor LinearColumns(Tensor x, Tensor weight, int firstColumn, Tensor? bias) => Linear(x, weight, firstColumn, bias);

    // Named Linear (not LinearColumns) so that profiles label the backward of every linear layer alike.
    private static Tensor Linear(Tensor x, Tensor weight, int firstColumn, Tensor? bias)
    {
        bool fits = weight.Rank == 2 && x.Rank > 0 && firstColumn >= 0 && firstColumn + x.Dim(-1) <= weight.Dim(1);
        bool rowBias = bias is not null && bias.Rank == 1 && fits && bias.Dim(0) == weight.Dim(0);
        bool fullBias = bias is not null && !rowBias && fits && bias.Rank == x.Rank
            && bias.Shape[..^1].SequenceEqual(x.Shape[..^1]) && bias.Dim(-1) == weight.Dim(0);
        if (!fits || (bias is not null && !rowBias && !fullBias))
            throw new ArgumentException($"LinearColumns: input {ShapeOf.Format(x.Shape)} from column {firstColumn} of weight {ShapeOf.Format(weight.Shape)} and bias {(bias is null ? "none" : ShapeOf.Format(bias.Shape))} do not fit ([..., in], [out, ≥ column + in], [out] or [..., out]).");
        int k = x.Dim(-1), n = weight.Dim(0), ld = weight.Dim(1), m = x.Length / Math.Max(1, k);
        var y = Tensor.Empty([.. x.Shape[..^1], n]);
        var ys = y.Span;
        if (fullBias) bias!.Span.CopyTo(ys);
        else if (bias is not null) for (int r = 0; r < m; r++) bias.Span.CopyTo(ys.Slice(r * n, n));
        if (PackedWeights.For(m, weight, firstColumn, k, transposed: true) is { } packed)
            Gemm.MultiplyPacked(false, m, 1f, x.Span, Math.Max(1, k), packed, bias is null ? 0f : 1f, ys, n);
        else
            Gemm.Multiply(false, true, m, n, k, 1f, x.Span, Math.Max(1, k), weight.Span[firstColumn..], ld, bias is null ? 0f : 1f, ys, n);
        var inputs = bias is null ? new[] { x, weight } : new[] { x, weight, bias };
        if (GradMode.Tracks(inputs))
            y.Record(inputs, () =>
            {
                var dy = y.GradForAccumulation();
                if (x.RequiresGrad)
                {
                    var dx = x.GradForWrite(out bool accumulate);
                    float beta = accumulate ? 1f : 0f;
                    if (PackedWeights.For(m, weight, firstColumn, k, transposed: false) is { } packedBack)
                        Gemm.MultiplyPacked(false, m, 1f, dy, n, packedBack, beta, dx, Math.Max(1, k));
                    else
                        Gemm.Multiply(false, false, m, k, n, 1f, dy, n, weight.Span[firstColumn..], ld, beta, dx, Math.Max(1, k));
                }
                if (weight.RequiresGrad) Gemm.Multiply(true, false, n, k, m, 1f, dy, n, x.Span, Math.Max(1, k), 1f, weight.GradForAccumulation()[firstColumn..], ld);
                if (bias is not null && bias.RequiresGrad)
                {
                    var db = bias.GradForAccumulation();
                    if (fullBias) TensorPrimitives.Add(db, dy, db);
                    else for (int r = 0; r < m; r++) TensorPrimitives.Add(db, dy.Slice(r * n, n), db);
                }
            });
        return y;
    }

    /// <summary>
    /// Packs a linear layer's weight [out, in] for repeated <see cref="Linear(Tensor, GemmPackedB, Tensor?)"/> calls: a
    /// snapshot, so pack again after the weight changes (in practice: hold it for one no-grad search call).
    /// </summary>
    public static GemmPackedB PackLinearWeight(Tensor weight)
    {
        if (weight.Rank != 2)
            throw new ArgumentException($"PackLinearWeight: weight {ShapeOf.Format(weight.Shape)} must be [out, in].");
        return Gemm.PackB(true, weight.Dim(1), weight.Dim(0), weight.Span, weight.Dim(1));
    }

    /// <summary>
    /// x·Wᵀ + b with W packed by <see cref="PackLinearWeight"/>: the same values as <see cref="Linear(Tensor, Tensor, Tensor?)"/>
    /// on the weight as packed (up to float summation order), for inference only.
    /// </summary>
    /// <param name="x">[..., in]</param>
    /// <param name="weight">W packed: k = in, n = out</param>
    /// <param name="bias">[out] or null</param>
    /// <exception cref="InvalidOperationException">Gradients are being recorded for x or the bias: the packed copy has
    /// no gradient to give, so training must use the unpacked overload.</exception>
    public static Tensor Linear(Tensor x, GemmPackedB weight, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(weight);
        int k = weight.K, n = weight.N;
        if (x.Rank == 0 || x.Dim(-1) != k || (bias is not null && (bias.Rank != 1 || bias.Dim(0) != n)))
            throw new ArgumentException($"Linear: input {ShapeOf.Format(x.Shape)}, packed weight [{n}, {k}] and bias {(bias is null ? "none" : ShapeOf.Format(bias.Shape))} do not fit ([..., in], [out, in], [out]).");
        if (GradMode.Tracks(bias is null ? [x] : [x, bias]))
            throw new InvalidOperationException("Linear with a packed weight records no gradient: call it under GradMode.NoGrad() or use the unpacked weight.");
        int m = x.Length / Math.Max(1, k);
        var y = Tensor.Empty([.. x.Shape[..^1], n]);
        var ys = y.Span;
        if (bias is not null) for (int r = 0; r < m; r++) bias.Span.CopyTo(ys.Slice(r * n, n));
        Gemm.MultiplyPacked(false, m, 1f, x.Span, k, weight, bias is null ? 0f : 1f, ys, n);
        return y;
    }
}
