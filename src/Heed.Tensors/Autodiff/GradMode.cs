namespace Heed.Tensors.Autodiff;

/// <summary>Whether ops record their backward closures on this thread (on by default).</summary>
public static class GradMode
{
    [ThreadStatic] private static int _disabledDepth;

    /// <summary>True when ops record history for <see cref="Tensor.Backward()"/>.</summary>
    public static bool IsEnabled => _disabledDepth == 0;

    /// <summary>Turns recording off until the returned handle is disposed: <c>using (GradMode.NoGrad()) { … }</c>.</summary>
    public static NoGradScope NoGrad()
    {
        _disabledDepth++;
        return new NoGradScope();
    }

    /// <summary>True when an op on these inputs must record a backward closure.</summary>
    internal static bool Tracks(Tensor a) => _disabledDepth == 0 && a.RequiresGrad;

    internal static bool Tracks(Tensor a, Tensor b) => _disabledDepth == 0 && (a.RequiresGrad || b.RequiresGrad);

    internal static bool Tracks(IReadOnlyList<Tensor> inputs)
    {
        if (_disabledDepth != 0) return false;
        foreach (var t in inputs) if (t.RequiresGrad) return true;
        return false;
    }

    /// <summary>Ends a no-grad region.</summary>
    public readonly struct NoGradScope : IDisposable
    {
        /// <summary>Turns recording back on, unless an enclosing no-grad region is still open.</summary>
        public void Dispose() => _disabledDepth--;
    }
}
