using System.Globalization;

namespace Heed.Pointer;

/// <summary>Planar convex hull (Vinyals et al. 2015, section 4.2): n points from U([0, 1]²); the answer is <see cref="ConvexHull.Vertices"/>.</summary>
public sealed class ConvexHullProblem : IPointerProblem
{
    /// <inheritdoc/>
    public string Name => "convex-hull";

    /// <inheritdoc/>
    public int Dim => 2;

    /// <inheritdoc/>
    public PointerExample Sample(Random random, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        var points = new float[2 * count];
        for (int i = 0; i < points.Length; i++) points[i] = random.NextSingle();
        var (x, y) = Coordinates(points);
        return new PointerExample(points, count, 2, ConvexHull.Vertices(x, y));
    }

    /// <summary>The x and y columns of an example's [n, 2] points, in double for the geometry.</summary>
    public static (double[] X, double[] Y) Coordinates(float[] points)
    {
        ArgumentNullException.ThrowIfNull(points);
        int n = points.Length / 2;
        return (Enumerable.Range(0, n).Select(i => (double)points[2 * i]).ToArray(), Enumerable.Range(0, n).Select(i => (double)points[2 * i + 1]).ToArray());
    }

    /// <inheritdoc/>
    public string Label(PointerExample example, int i) => "p" + i.ToString(CultureInfo.InvariantCulture);
}
