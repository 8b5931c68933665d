namespace Heed.Viz;

/// <summary>One named line of a chart: points (X[i], Y[i]) drawn in the given order.</summary>
/// <exception cref="ArgumentException">X and Y differ in length or hold a non-finite value; the message names the series.</exception>
internal sealed record ChartSeries
{
    public ChartSeries(string name, IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
            throw new ArgumentException($"Series '{name}' has {x.Count} x values but {y.Count} y values.");
        for (int i = 0; i < x.Count; i++)
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
                throw new ArgumentException($"Series '{name}' point {i} ({x[i]}, {y[i]}) is not finite.");
        (Name, X, Y) = (name, x, y);
    }

    /// <summary>Legend text.</summary>
    public string Name { get; }
    /// <summary>Horizontal coordinates (e.g. training steps).</summary>
    public IReadOnlyList<double> X { get; }
    /// <summary>Vertical coordinates (e.g. loss).</summary>
    public IReadOnlyList<double> Y { get; }
}
