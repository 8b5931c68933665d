using System.Numerics.Tensors;
using Heed.Tensors.Memory;

using Heed.Tensors.Autodiff;

namespace Heed.Tensors;

/// <summary>
/// Element-wise binary ops. Broadcasting rule (the only one): the operands' shapes are equal, or one
/// operand's shape is a suffix of the other's, and that operand is repeated over the leading dimensions
/// (e.g. [B, T, H] + [H], or [B, T, H] * [T, H]). Anything else throws, naming the op and both shapes.
/// </summary>
public static partial class Ops
{
    /// <summary>a + b with suffix broadcasting.</summary>
    public static Tensor Add(this Tensor a, Tensor b) => Binary(a, b, BinaryKind.Add);

    /// <summary>a - b with suffix broadcasting.</summary>
    public static Tensor Sub(this Tensor a, Tensor b) => Binary(a, b, BinaryKind.Sub);

    /// <summary>a * b (element-wise) with suffix broadcasting.</summary>
    public static Tensor Mul(this Tensor a, Tensor b) => Binary(a, b, BinaryKind.Mul);

    /// <summary>a / b (element-wise) with suffix broadcasting.</summary>
    public static Tensor Div(this Tensor a, Tensor b) => Binary(a, b, BinaryKind.Div);

    private enum BinaryKind { Add, Sub, Mul, Div }

    private static Tensor Binary(Tensor a, Tensor b, BinaryKind kind)
    {
        bool bIsSmall = ShapeOf.EndsWith(a.Shape, b.Shape);
        if (!bIsSmall && !ShapeOf.EndsWith(b.Shape, a.Shape))
            throw new ArgumentException(
                $"{kind}: shapes {ShapeOf.Format(a.Shape)} and {ShapeOf.Format(b.Shape)} do not broadcast " +
                "(one must equal the other or be a suffix of it).");
        var big = bIsSmall ? a : b;
        var y = Tensor.Empty(big.Shape.ToArray());
        int inner = bIsSmall ? b.Length : a.Length;
        int blocks = inner == 0 ? 0 : big.Length / inner;
        var ys = y.Span;
        for (int r = 0; r < blocks; r++)
        {
            var ab = bIsSmall ? a.Span.Slice(r * inner, inner) : a.Span;
            var bb = bIsSmall ? b.Span : b.Span.Slice(r * inner, inner);
            var yb = ys.Slice(r * inner, inner);
            switch (kind)
            {
                case BinaryKind.Add: TensorPrimitives.Add(ab, bb, yb); break;
                case BinaryKind.Sub: TensorPrimitives.Subtract(ab, bb, yb); break;
                case BinaryKind.Mul: TensorPrimitives.Multiply(ab, bb, yb); break;
                default: TensorPrimitives.Divide(ab, bb, yb); break;
            }
        }
        if (GradMode.Tracks(a, b))
            y.Record([a, b], () => BinaryBackward(a, b, y, kind, bIsSmall, inner, blocks));
        return y;
    }

    private static void BinaryBackward(Tensor a, Tensor b, Tensor y, BinaryKind kind, bool bIsSmall, int inner, int blocks)
    {
        var dy = y.GradForAccumulation();
        using var scratch = ScratchBuffer.Rent(inner);
        var tmp = scratch.Span;
        // A gradient nothing has flowed into yet is written, not zeroed and added to: the large operand's blocks are
        // each written once, the broadcast operand's first block is written and the others added.
        bool accumulateA = false, accumulateB = false;
        var daAll = a.RequiresGrad ? a.GradForWrite(out accumulateA) : default;
        var dbAll = b.RequiresGrad ? b.GradForWrite(out accumulateB) : default;
        for (int r = 0; r < blocks; r++)
        {
            var dyb = dy.Slice(r * inner, inner);
            var ab = bIsSmall ? a.Span.Slice(r * inner, inner) : a.Span;
            var bb = bIsSmall ? b.Span : b.Span.Slice(r * inner, inner);
            if (a.RequiresGrad)
            {
                var da = bIsSmall ? daAll.Slice(r * inner, inner) : daAll;
                bool add = accumulateA || (!bIsSmall && r > 0);
                switch (kind)
                {
                    case BinaryKind.Add: case BinaryKind.Sub:
                        if (add) TensorPrimitives.Add(da, dyb, da); else dyb.CopyTo(da);
                        break;
                    case BinaryKind.Mul:
                        if (add) TensorPrimitives.FusedMultiplyAdd(dyb, bb, da, da); else TensorPrimitives.Multiply(dyb, bb, da);
                        break;
                    default:
                        if (add) { TensorPrimitives.Divide(dyb, bb, tmp); TensorPrimitives.Add(da, tmp, da); }
                        else TensorPrimitives.Divide(dyb, bb, da);
                        break;
                }
            }
            if (b.RequiresGrad)
            {
                var db = bIsSmall ? dbAll : dbAll.Slice(r * inner, inner);
                bool add = accumulateB || (bIsSmall && r > 0);
                switch (kind)
                {
                    case BinaryKind.Add:
                        if (add) TensorPrimitives.Add(db, dyb, db); else dyb.CopyTo(db);
                        break;
                    case BinaryKind.Sub:
                        if (add) TensorPrimitives.Subtract(db, dyb, db); else TensorPrimitives.Negate(dyb, db);
                        break;
                    case BinaryKind.Mul:
                        if (add) TensorPrimitives.FusedMultiplyAdd(dyb, ab, db, db); else TensorPrimitives.Multiply(dyb, ab, db);
                        break;
                    default:
                        // d(a/b)/db = -a / b^2 = -(a/b) / b
                        var yb = y.Span.Slice(r * inner, inner);
                        TensorPrimitives.Multiply(dyb, yb, tmp);
                        TensorPrimitives.Divide(tmp, bb, tmp);
                        if (add) TensorPrimitives.Subtract(db, tmp, db); else TensorPrimitives.Negate(tmp, db);
                        break;
                }
            }
        }
        if (blocks == 0) // an empty large operand: the broadcast one's gradient gets nothing, so it is zero
        {
            if (a.RequiresGrad && !accumulateA) daAll.Clear();
            if (b.RequiresGrad && !accumulateB) dbAll.Clear();
        }
    }

    /// <summary>x * s for a constant s.</summary>
    public static Tensor Scale(this Tensor x, float s)
    {
        var y = Tensor.Empty(x.Shape.ToArray());
        TensorPrimitives.Multiply(x.Span, s, y.Span);
        if (GradMode.Tracks(x))
            y.Record([x], () =>
            {
                var dx = x.GradForAccumulation();
                TensorPrimitives.MultiplyAdd(y.GradForAccumulation(), s, dx, dx);
            });
        return y;
    }

    /// <summary>x + s for a constant s.</summary>
    public static Tensor AddScalar(this Tensor x, float s)
    {
        var y = Tensor.Empty(x.Shape.ToArray());
        TensorPrimitives.Add(x.Span, s, y.Span);
        if (GradMode.Tracks(x))
            y.Record([x], () =>
            {
                var dx = x.GradForAccumulation();
                TensorPrimitives.Add(dx, y.GradForAccumulation(), dx);
            });
        return y;
    }

    /// <summary>-x.</summary>
    public static Tensor Neg(this Tensor x) => x.Scale(-1f);
}

