using System.Numerics.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Memory;

namespace Heed.Tensors;

/// <summary>
/// A float32 tensor: contiguous, row-major, on a 64-byte-aligned pooled buffer, with an optional gradient.
/// There are no general strides: a transpose is a flag to GEMM or an explicit copy.
/// </summary>
/// <remarks>
/// Autodiff is define-by-run: an op whose inputs require gradients records, on its output, the inputs and a
/// closure that accumulates the output's gradient into theirs; <see cref="Backward()"/> runs the closures in
/// reverse topological order (see <see cref="Autodiff.Backprop"/>).
/// </remarks>
public sealed partial class Tensor
{
    private readonly int[] _shape;
    private AlignedBuffer? _buffer;
    private readonly bool _ownsBuffer;
    private Tensor? _grad;

    /// <summary>For a <see cref="Ops.LeadingRows"/> view: the tensor whose gradient buffer this view's gradient is the
    /// start of (so gradient reaches it in place, with no buffer of the view's own to add up afterwards).</summary>
    private Tensor? _gradOwner;
    private bool _requiresGrad;

    /// <summary>The inputs this tensor was computed from (empty for leaves).</summary>
    internal Tensor[] Parents { get; private set; } = [];

    /// <summary>Accumulates this tensor's gradient into its parents' gradients; null for leaves.</summary>
    internal Action? BackwardFn { get; private set; }

    /// <summary>Optional name (parameters carry their hierarchical name, e.g. <c>encoder.rnn.weight_ih_l0</c>).</summary>
    public string? Name { get; set; }

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    private Tensor(int[] shape, AlignedBuffer buffer, bool ownsBuffer, bool scoped)
    {
        _shape = shape;
        Length = ShapeOf.Count(shape);
        _buffer = buffer;
        _ownsBuffer = ownsBuffer;
        if (scoped) TensorScope.Current?.Own(this);
    }

    /// <summary>The dimensions, outermost first.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The size of dimension <paramref name="axis"/>; negative axes count from the end.</summary>
    public int Dim(int axis) => _shape[ShapeOf.Axis(axis, _shape.Length, "Dim")];

    /// <summary>The elements, row-major. Throws once the tensor's scope has ended.</summary>
    public Span<float> Span
    {
        get
        {
            var buffer = _buffer ?? throw new ObjectDisposedException(nameof(Tensor),
                $"Tensor {Describe()} was used after its TensorScope ended.");
            return buffer.AsSpan(Length);
        }
    }

    /// <summary>A copy of the elements.</summary>
    public float[] ToArray() => Span.ToArray();

    /// <summary>The only element of a one-element tensor.</summary>
    public float Item() => Length == 1
        ? Span[0]
        : throw new InvalidOperationException($"Item() needs a tensor of one element; this one has shape {ShapeOf.Format(_shape)}.");

    /// <summary>Element at a multi-dimensional index (for tests and inspection, not for hot loops).</summary>
    public float At(params int[] index) => Span[ShapeOf.FlatIndex(_shape, index)];

    /// <summary>Whether gradients flow into this tensor. Setting it is allowed on leaves only.</summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (BackwardFn is not null && !value)
                throw new InvalidOperationException("RequiresGrad cannot be cleared on a computed tensor; use Detach().");
            _requiresGrad = value;
        }
    }

    /// <summary>
    /// The gradient accumulated by <see cref="Backward()"/>, or null before any backward pass reached it.
    /// Asking for the gradient of a tensor that does not require one is an error, not a zero.
    /// </summary>
    public Tensor? Grad
    {
        get
        {
            if (!_requiresGrad)
                throw new InvalidOperationException($"Tensor {Describe()} does not require gradients, so it has none.");
            return _grad;
        }
    }

    /// <summary>True for tensors not computed by a recorded op (inputs, parameters).</summary>
    public bool IsLeaf => BackwardFn is null;

    // ---- creation ----

    /// <summary>An uninitialised tensor from the pool (owned by the current scope, if any).</summary>
    public static Tensor Empty(params int[] shape)
    {
        var dims = ShapeOf.Validate(shape);
        return new Tensor(dims, BufferPool.Rent(ShapeOf.Count(dims)), ownsBuffer: true, scoped: true);
    }

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(params int[] shape)
    {
        var t = Empty(shape);
        t.Span.Clear();
        return t;
    }

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var t = Empty(shape);
        t.Span.Fill(value);
        return t;
    }

    /// <summary>A tensor holding a copy of <paramref name="data"/>, whose length must match the shape.</summary>
    public static Tensor FromArray(ReadOnlySpan<float> data, params int[] shape)
    {
        var dims = ShapeOf.Validate(shape);
        if (data.Length != ShapeOf.Count(dims))
            throw new ArgumentException($"FromArray: {data.Length} values do not fill shape {ShapeOf.Format(dims)} ({ShapeOf.Count(dims)} elements).");
        var t = Empty(dims);
        data.CopyTo(t.Span);
        return t;
    }

    /// <summary>A one-element tensor of shape [] .</summary>
    public static Tensor Scalar(float value) => FromArray([value]);

    /// <summary>
    /// A long-lived leaf that requires gradients and never belongs to a scope (parameters).
    /// Its gradient, once created, is long-lived too.
    /// </summary>
    public static Tensor Parameter(ReadOnlySpan<float> data, int[] shape, string? name = null)
    {
        var dims = ShapeOf.Validate(shape);
        if (data.Length != ShapeOf.Count(dims))
            throw new ArgumentException($"Parameter {name}: {data.Length} values do not fill shape {ShapeOf.Format(dims)}.");
        var t = new Tensor(dims, BufferPool.Rent(data.Length), ownsBuffer: true, scoped: false)
        {
            _requiresGrad = true,
            Name = name,
        };
        data.CopyTo(t.Span);
        t._isPersistent = true;
        return t;
    }

    private bool _isPersistent;

    /// <summary>A long-lived, uninitialised tensor outside any scope that does not require gradients (gradient stores).</summary>
    internal static Tensor Persistent(ReadOnlySpan<int> shape)
    {
        var dims = shape.ToArray();
        return new Tensor(dims, BufferPool.Rent(ShapeOf.Count(dims)), ownsBuffer: true, scoped: false) { _isPersistent = true };
    }

    /// <summary>
    /// A parameter (persistent leaf) whose gradient goes to the data-parallel replica entered on this thread, if any.
    /// </summary>
    private GradientReplica? Replica => _isPersistent && BackwardFn is null ? GradientReplica.Current : null;

    /// <summary>A tensor sharing this one's buffer with another shape of the same element count (no gradient link).</summary>
    internal Tensor View(int[] shape) =>
        new(shape, _buffer ?? throw new ObjectDisposedException(nameof(Tensor)), ownsBuffer: false, scoped: !_isPersistent)
        { _isPersistent = _isPersistent, ViewOf = ViewOf ?? this };

    /// <summary>For a view, the tensor whose buffer it shares; otherwise null.</summary>
    internal Tensor? ViewOf { get; private init; }

    /// <summary>
    /// The first <paramref name="rows"/> rows of dimension 0 as a view whose gradient is the start of this tensor's
    /// gradient buffer (see <see cref="Ops.LeadingRows"/>).
    /// </summary>
    internal Tensor LeadingRowsView(int rows, bool linkGradient)
    {
        int[] shape = [rows, .. _shape[1..]];
        return new Tensor(shape, _buffer ?? throw new ObjectDisposedException(nameof(Tensor)), ownsBuffer: false, scoped: !_isPersistent)
            { _isPersistent = _isPersistent, ViewOf = ViewOf ?? this, _gradOwner = linkGradient ? this : null };
    }

    /// <summary>The scope that will release this tensor, or null.</summary>
    internal TensorScope? Scope { get; set; }

    /// <summary>A copy without history that does not require gradients (scoped like any new tensor).</summary>
    public Tensor Detach() => FromArray(Span, _shape);

    // ---- autodiff plumbing ----

    /// <summary>Records how this output's gradient reaches its inputs, when gradients are being tracked.</summary>
    internal void Record(Tensor[] parents, Action backward)
    {
        Parents = parents;
        BackwardFn = backward;
        _requiresGrad = true;
    }

    /// <summary>
    /// The gradient buffer for accumulation (+=), created as zeros on first use. Ops' backward closures write here.
    /// </summary>
    internal Span<float> GradForAccumulation()
    {
        if (_gradOwner is { } owner) return owner.GradForAccumulation()[..Length];
        if (Replica is { } replica) return replica.For(this);
        if (_grad is null)
        {
            AllocateGrad();
            _grad!.Span.Clear();
        }
        return _grad.Span;
    }

    /// <summary>A new, uninitialised gradient buffer outside every scope (long-lived when this tensor is).</summary>
    private void AllocateGrad() =>
        _grad = new Tensor(_shape, BufferPool.Rent(Length), ownsBuffer: true, scoped: false) { _isPersistent = _isPersistent };

    /// <summary>
    /// The gradient buffer for an op that writes every element of its contribution: when nothing has flowed in yet
    /// it is handed out uninitialised with <paramref name="accumulate"/> = false, so the op assigns (GEMM beta = 0)
    /// instead of zeroing a large buffer and adding to it; otherwise it is the accumulated gradient.
    /// </summary>
    internal Span<float> GradForWrite(out bool accumulate)
    {
        accumulate = _grad is not null || Replica is not null || _gradOwner is not null; // an owner's buffer may hold others' gradient
        if (accumulate) return GradForAccumulation();
        AllocateGrad();
        return _grad!.Span;
    }

    /// <summary>The gradient as a span, or null when nothing has flowed into it yet.</summary>
    internal bool TryGetGrad(out Span<float> grad)
    {
        if (Replica is { } replica) return replica.TryGet(this, out grad);
        if (_gradOwner is { } owner)
        {
            bool has = owner.TryGetGrad(out grad);
            if (has) grad = grad[..Length];
            return has;
        }
        if (_grad is null) { grad = default; return false; }
        grad = _grad.Span;
        return true;
    }

    /// <summary>Sets the gradient to zeros (keeping its buffer) — the usual start of a training step.</summary>
    public void ZeroGrad() => _grad?.Span.Clear();

    /// <summary>Forgets the gradient and gives its buffer back to the pool.</summary>
    internal void DropGrad()
    {
        _grad?.ReleaseBuffer();
        _grad = null;
    }

    /// <summary>Ends this tensor's life: its buffer and its gradient's go back to the pool.</summary>
    internal void Release()
    {
        DropGrad();
        ReleaseBuffer();
        Parents = [];
        BackwardFn = null;
    }

    private void ReleaseBuffer()
    {
        if (_buffer is null) return;
        if (_ownsBuffer) BufferPool.Return(_buffer);
        _buffer = null;
    }

    /// <summary>Runs backpropagation from this one-element tensor (a loss): d(this)/d(this) = 1.</summary>
    public void Backward() => Autodiff.Backprop.Run(this);

    /// <summary>A short description for error messages: name (if any) and shape.</summary>
    public string Describe() => Name is null ? ShapeOf.Format(_shape) : $"'{Name}' {ShapeOf.Format(_shape)}";

    /// <inheritdoc/>
    public override string ToString()
    {
        if (_buffer is null) return $"Tensor{ShapeOf.Format(_shape)} (released)";
        var span = Span;
        int shown = Math.Min(span.Length, 8);
        string values = string.Join(", ", span[..shown].ToArray().Select(v => v.ToString("G5")));
        return $"Tensor{ShapeOf.Format(_shape)} [{values}{(span.Length > shown ? ", …" : "")}]";
    }
}
