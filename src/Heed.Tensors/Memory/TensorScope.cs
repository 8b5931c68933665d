namespace Heed.Tensors.Memory;

/// <summary>
/// A region whose temporary tensors give their buffers back to the pool when it ends:
/// <c>using (TensorScope.Begin()) { forward; backward; step; }</c> makes a training step allocation-free
/// in steady state. Parameters and tensors made outside every scope are ordinary garbage-collected objects.
/// </summary>
/// <remarks>
/// A tensor made inside a scope must not be used after the scope ends (its data would belong to someone else):
/// reading it then throws <see cref="ObjectDisposedException"/>. Copy out what you keep, e.g. with <c>ToArray()</c>,
/// or make it outside the scope, e.g. with <see cref="Tensor.Detach"/>.
/// </remarks>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic] private static TensorScope? _current;

    private readonly TensorScope? _parent;
    private readonly List<Tensor> _owned = new();
    private bool _ended;

    private TensorScope(TensorScope? parent) => _parent = parent;

    /// <summary>The innermost open scope on this thread, or null.</summary>
    internal static TensorScope? Current => _current;

    /// <summary>Opens a scope on this thread; nested scopes end innermost first.</summary>
    public static TensorScope Begin() => _current = new TensorScope(_current);

    internal void Own(Tensor tensor)
    {
        tensor.Scope = this;
        _owned.Add(tensor);
    }

    /// <summary>
    /// Hands <paramref name="tensor"/> to the enclosing scope so it outlives this one: a decoder step's new state
    /// survives while the step's temporaries are recycled. A view (a reshape) takes the tensor it views along.
    /// A tensor this scope does not own (made outside it) is left where it is; with no enclosing scope the tensor
    /// becomes an ordinary garbage-collected object.
    /// </summary>
    public void Keep(Tensor tensor)
    {
        if (tensor.ViewOf is Tensor viewed) Keep(viewed);
        if (!ReferenceEquals(tensor.Scope, this)) return;
        tensor.Scope = null;
        _parent?.Own(tensor);
    }

    /// <summary>Returns every owned tensor's buffers (data and gradient) to the pool.</summary>
    public void Dispose()
    {
        if (_ended) return;
        if (!ReferenceEquals(_current, this))
            throw new InvalidOperationException("Tensor scopes must end in the reverse order they began.");
        _ended = true;
        _current = _parent;
        foreach (var tensor in _owned)
            if (ReferenceEquals(tensor.Scope, this)) tensor.Release(); // the kept ones belong to the parent now
        _owned.Clear();
        if (_parent is null) BufferPool.EndOfOutermostScope();
    }
}
