using Heed.Tensors.Autodiff;

namespace Heed.Tensors;

/// <summary>Movement ops. Dual pairs: concat ↔ slice, stack ↔ select, permute ↔ inverse permute.</summary>
public static partial class Ops
{
    /// <summary>The same elements in another shape of equal count; one dimension may be -1 (inferred).</summary>
    public static Tensor Reshape(this Tensor x, params int[] shape)
    {
        int[] dims = (int[])shape.Clone();
        int infer = Array.IndexOf(dims, -1);
        if (infer >= 0)
        {
            int known = 1;
            for (int i = 0; i < dims.Length; i++) if (i != infer) known *= dims[i];
            if (known == 0 || x.Length % known != 0)
                throw new ArgumentException($"Reshape: cannot infer -1 in {ShapeOf.Format(shape)} for {ShapeOf.Format(x.Shape)}.");
            dims[infer] = x.Length / known;
        }
        if (ShapeOf.Count(dims) != x.Length)
            throw new ArgumentException($"Reshape: {ShapeOf.Format(x.Shape)} ({x.Length} elements) cannot become {ShapeOf.Format(shape)}.");
        var y = x.View(dims);
        if (GradMode.Tracks(x))
            y.Record([x], () =>
            {
                var dx = x.GradForWrite(out bool accumulate);
                if (accumulate) System.Numerics.Tensors.TensorPrimitives.Add(dx, y.GradForAccumulation(), dx);
                else y.GradForAccumulation().CopyTo(dx);
            });
        return y;
    }

    /// <summary>
    /// The first <paramref name="rows"/> rows (dimension 0) of <paramref name="x"/>, without a copy: a view of the start
    /// of its buffer. Its gradient is the start of x's gradient buffer, so backward adds nothing up afterwards — a
    /// recurrent unroll that drops finished rows step by step reads [rows, …] views of the same encoder states at every
    /// step without copying them forward or their gradients back.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">rows is outside [0, x.Dim(0)], or x is a scalar.</exception>
    public static Tensor LeadingRows(this Tensor x, int rows)
    {
        if (x.Rank == 0 || rows < 0 || rows > x.Dim(0))
            throw new ArgumentOutOfRangeException(nameof(rows), $"LeadingRows: {rows} rows of {ShapeOf.Format(x.Shape)}.");
        if (rows == x.Dim(0)) return x;
        bool track = GradMode.Tracks(x);
        var y = x.LeadingRowsView(rows, linkGradient: track);
        if (track) y.Record([x], static () => { }); // the gradient already sits in x's buffer
        return y;
    }

    /// <summary>Joins tensors along <paramref name="axis"/>; all other dimensions must agree.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> parts, int axis)
    {
        if (parts.Count == 0) throw new ArgumentException("Concat: no tensors given.");
        int rank = parts[0].Rank;
        int ax = ShapeOf.Axis(axis, rank, "Concat");
        var shape = parts[0].Shape.ToArray();
        int total = 0;
        foreach (var p in parts)
        {
            bool fits = p.Rank == rank;
            for (int d = 0; fits && d < rank; d++) fits = d == ax || p.Dim(d) == shape[d];
            if (!fits)
                throw new ArgumentException($"Concat along axis {axis}: {string.Join(", ", parts.Select(t => ShapeOf.Format(t.Shape)))} differ outside that axis.");
            total += p.Dim(ax);
        }
        shape[ax] = total;
        var y = Tensor.Empty(shape);
        int outer = ShapeOf.Outer(shape, ax), inner = ShapeOf.Inner(shape, ax);
        var ys = y.Span;
        int offset = 0;
        foreach (var p in parts)
        {
            int chunk = p.Dim(ax) * inner;
            var ps = p.Span;
            for (int o = 0; o < outer; o++)
                ps.Slice(o * chunk, chunk).CopyTo(ys.Slice(o * total * inner + offset, chunk));
            offset += chunk;
        }
        var inputs = parts.ToArray();
        if (GradMode.Tracks(inputs))
            y.Record(inputs, () =>
            {
                var dy = y.GradForAccumulation();
                int off = 0;
                foreach (var p in inputs)
                {
                    int chunk = p.Dim(ax) * inner;
                    if (p.RequiresGrad)
                    {
                        var dp = p.GradForWrite(out bool accumulate); // each part's gradient is covered whole
                        for (int o = 0; o < outer; o++)
                        {
                            var dst = dp.Slice(o * chunk, chunk);
                            var from = dy.Slice(o * total * inner + off, chunk);
                            if (accumulate) System.Numerics.Tensors.TensorPrimitives.Add(dst, from, dst);
                            else from.CopyTo(dst);
                        }
                    }
                    off += chunk;
                }
            });
        return y;
    }

    /// <summary>Elements <paramref name="start"/> … start+length−1 of dimension <paramref name="axis"/>.</summary>
    public static Tensor Slice(this Tensor x, int axis, int start, int length)
    {
        int ax = ShapeOf.Axis(axis, x.Rank, "Slice");
        if (start < 0 || length < 0 || start + length > x.Dim(ax))
            throw new ArgumentOutOfRangeException(nameof(start), $"Slice: [{start}, {start + length}) is outside dimension {axis} of {ShapeOf.Format(x.Shape)}.");
        var shape = x.Shape.ToArray();
        int full = shape[ax];
        shape[ax] = length;
        var y = Tensor.Empty(shape);
        int outer = ShapeOf.Outer(shape, ax), inner = ShapeOf.Inner(shape, ax);
        int chunk = length * inner;
        var xs = x.Span; var ys = y.Span;
        for (int o = 0; o < outer; o++)
            xs.Slice((o * full + start) * inner, chunk).CopyTo(ys.Slice(o * chunk, chunk));
        if (GradMode.Tracks(x))
            y.Record([x], () =>
            {
                var dx = x.GradForAccumulation(); var dy = y.GradForAccumulation();
                for (int o = 0; o < outer; o++)
                {
                    var dst = dx.Slice((o * full + start) * inner, chunk);
                    System.Numerics.Tensors.TensorPrimitives.Add(dst, dy.Slice(o * chunk, chunk), dst);
                }
            });
        return y;
    }

    /// <summary>Cuts dimension <paramref name="axis"/> into pieces of the given sizes (which must add up to it).</summary>
    public static Tensor[] Split(this Tensor x, int axis, params int[] sizes)
    {
        int ax = ShapeOf.Axis(axis, x.Rank, "Split");
        if (sizes.Sum() != x.Dim(ax))
            throw new ArgumentException($"Split: sizes {ShapeOf.Format(sizes)} do not add up to dimension {axis} of {ShapeOf.Format(x.Shape)}.");
        var parts = new Tensor[sizes.Length];
        int start = 0;
        for (int i = 0; i < sizes.Length; i++) { parts[i] = x.Slice(ax, start, sizes[i]); start += sizes[i]; }
        return parts;
    }

    /// <summary>Index <paramref name="index"/> of dimension <paramref name="axis"/>, that dimension removed.</summary>
    public static Tensor Select(this Tensor x, int axis, int index)
    {
        int ax = ShapeOf.Axis(axis, x.Rank, "Select");
        var shape = x.Shape.ToArray().Where((_, d) => d != ax).ToArray();
        return x.Slice(ax, index, 1).Reshape(shape);
    }

    /// <summary>Stacks equal-shaped tensors along a new dimension <paramref name="axis"/>.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> parts, int axis)
    {
        if (parts.Count == 0) throw new ArgumentException("Stack: no tensors given.");
        int rank = parts[0].Rank + 1;
        int ax = ShapeOf.Axis(axis, rank, "Stack");
        foreach (var p in parts)
            if (!p.Shape.SequenceEqual(parts[0].Shape))
                throw new ArgumentException($"Stack: shapes differ: {string.Join(", ", parts.Select(t => ShapeOf.Format(t.Shape)))}.");
        var expanded = parts.Select(p =>
        {
            var s = p.Shape.ToArray().ToList();
            s.Insert(ax, 1);
            return p.Reshape([.. s]);
        }).ToArray();
        return Concat(expanded, ax);
    }

    /// <summary>Swaps two dimensions (an explicit copy).</summary>
    public static Tensor Transpose(this Tensor x, int axis0, int axis1)
    {
        var perm = Enumerable.Range(0, x.Rank).ToArray();
        int a = ShapeOf.Axis(axis0, x.Rank, "Transpose"), b = ShapeOf.Axis(axis1, x.Rank, "Transpose");
        (perm[a], perm[b]) = (perm[b], perm[a]);
        return x.Permute(perm);
    }

    /// <summary>Reorders dimensions: output dimension d is input dimension <c>perm[d]</c> (an explicit copy).</summary>
    public static Tensor Permute(this Tensor x, params int[] perm)
    {
        int rank = x.Rank;
        if (perm.Length != rank || perm.OrderBy(p => p).Where((p, i) => p != i).Any())
            throw new ArgumentException($"Permute: {ShapeOf.Format(perm)} is not a permutation of the {rank} dimensions of {ShapeOf.Format(x.Shape)}.");
        var inShape = x.Shape.ToArray();
        var outShape = perm.Select(p => inShape[p]).ToArray();
        var y = Tensor.Empty(outShape);
        var inverse = new int[rank];
        for (int d = 0; d < rank; d++) inverse[perm[d]] = d;
        PermuteCopy(x.Span, inShape, perm, y.Span, accumulate: false);
        if (GradMode.Tracks(x))
            y.Record([x], () => PermuteCopy(y.GradForAccumulation(), outShape, inverse, x.GradForAccumulation(), accumulate: true));
        return y;
    }

    /// <summary>dst[perm(idx)] = src[idx]; copies contiguous runs when the last dimension stays last.</summary>
    private static void PermuteCopy(ReadOnlySpan<float> src, int[] srcShape, int[] perm, Span<float> dst, bool accumulate)
    {
        int rank = srcShape.Length;
        if (src.Length == 0) return;
        var srcStrides = new int[rank];
        for (int d = rank - 1, s = 1; d >= 0; d--) { srcStrides[d] = s; s *= srcShape[d]; }
        var outShape = perm.Select(p => srcShape[p]).ToArray();
        // Walk the output in order; the run length is the last dimension when it is unmoved.
        int run = perm[rank - 1] == rank - 1 ? outShape[rank - 1] : 1;
        int runs = dst.Length / run;
        var idx = new int[rank];
        int limitDim = run > 1 ? rank - 1 : rank; // dimensions iterated by the counter
        for (int r = 0; r < runs; r++)
        {
            int srcOffset = 0;
            for (int d = 0; d < limitDim; d++) srcOffset += idx[d] * srcStrides[perm[d]];
            var from = src.Slice(srcOffset, run);
            var to = dst.Slice(r * run, run);
            if (accumulate) System.Numerics.Tensors.TensorPrimitives.Add(to, from, to); else from.CopyTo(to);
            for (int d = limitDim - 1; d >= 0; d--)
            {
                if (++idx[d] < outShape[d]) break;
                idx[d] = 0;
            }
        }
    }
}
