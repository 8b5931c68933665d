using System.Numerics.Tensors;

namespace Heed.Tensors.Autodiff;

/// <summary>
/// One data-parallel replica's own parameter gradients. While a replica is entered on a thread
/// (<see cref="Enter"/>), backward passes on that thread accumulate the gradients of parameters (persistent leaves)
/// here instead of into the parameters, so several threads can run forward and backward over different rows of a
/// batch at once without racing on the shared weights' gradients. <see cref="AddIntoParameters"/> then sums them in.
/// </summary>
/// <remarks>
/// Each replica runs every op on one thread with the same instructions a single replica would; the only new
/// rounding is the final sum over replicas, done in replica order, so a run repeats exactly for the same number of
/// replicas. The buffers are kept between steps (zeroed, not freed), like the parameters' own gradients.
/// </remarks>
internal sealed class GradientReplica
{
    [ThreadStatic] private static GradientReplica? _current;

    private readonly Dictionary<Tensor, Tensor> _gradients = new(ReferenceEqualityComparer.Instance);

    /// <summary>This replica's index among its siblings (0, 1, …): random streams (dropout) are keyed by it.</summary>
    public int Index { get; }

    /// <param name="index">the replica's index, ≥ 0</param>
    public GradientReplica(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        Index = index;
    }

    /// <summary>The replica entered on this thread, or null (gradients go to the parameters themselves).</summary>
    public static GradientReplica? Current => _current;

    /// <summary>Makes this replica current on the calling thread until the returned handle is disposed.</summary>
    /// <exception cref="InvalidOperationException">another replica is already entered on this thread.</exception>
    public Scope Enter()
    {
        if (_current is not null)
            throw new InvalidOperationException($"GradientReplica {Index}: replica {_current.Index} is already entered on this thread.");
        _current = this;
        return new Scope();
    }

    /// <summary>This replica's gradient buffer for <paramref name="parameter"/>, created as zeros on first use.</summary>
    internal Span<float> For(Tensor parameter)
    {
        if (!_gradients.TryGetValue(parameter, out var grad))
        {
            grad = Tensor.Persistent(parameter.Shape);
            grad.Span.Clear();
            _gradients[parameter] = grad;
        }
        return grad.Span;
    }

    /// <summary>This replica's gradient for <paramref name="parameter"/> if it has one.</summary>
    internal bool TryGet(Tensor parameter, out Span<float> grad)
    {
        if (_gradients.TryGetValue(parameter, out var g)) { grad = g.Span; return true; }
        grad = default;
        return false;
    }

    /// <summary>
    /// Adds every gradient this replica holds into its parameter's own gradient (creating it as needed), then zeros
    /// the replica's buffers for the next step. Call it from outside any replica, one replica after another.
    /// </summary>
    public void AddIntoParameters()
    {
        if (_current is not null)
            throw new InvalidOperationException("GradientReplica.AddIntoParameters must run outside a replica.");
        foreach (var (parameter, grad) in _gradients)
        {
            parameter.GradForAccumulation(); // created before the ranges run
            Parallelism.ForRangesIfLarge(grad.Length, grad.Length, (start, end, _) =>
            {
                var target = parameter.GradForAccumulation()[start..end];
                var source = grad.Span[start..end];
                TensorPrimitives.Add(target, source, target);
                source.Clear();
            });
        }
    }

    /// <summary>Leaves the replica entered by <see cref="Enter"/>.</summary>
    public readonly struct Scope : IDisposable
    {
        public void Dispose() => _current = null;
    }
}
