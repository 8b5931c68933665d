namespace Heed.Pointer;

/// <summary>Area and simplicity of a polygon given as indices into a point set, for the hull's area coverage.</summary>
public static class Polygon
{
    /// <summary>The shoelace area, positive for a counter-clockwise polygon.</summary>
    public static double SignedArea(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<int> vertices)
    {
        ArgumentNullException.ThrowIfNull(vertices);
        double twice = 0;
        for (int k = 0; k < vertices.Count; k++)
        {
            int a = vertices[k], b = vertices[(k + 1) % vertices.Count];
            twice += x[a] * y[b] - x[b] * y[a];
        }
        return twice / 2;
    }

    /// <summary>
    /// True when the vertices are at least 3 distinct points and no two edges meet except neighbours at their shared
    /// vertex (a simple polygon, whose area is well defined).
    /// </summary>
    public static bool IsSimple(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<int> vertices)
    {
        ArgumentNullException.ThrowIfNull(vertices);
        int m = vertices.Count;
        if (m < 3 || vertices.Distinct().Count() != m) return false;
        for (int i = 0; i < m; i++)
            for (int j = i + 1; j < m; j++)
            {
                bool neighbours = j == i + 1 || (i == 0 && j == m - 1);
                if (neighbours) continue;
                if (SegmentsTouch(x, y, vertices[i], vertices[(i + 1) % m], vertices[j], vertices[(j + 1) % m])) return false;
            }
        return true;
    }

    /// <summary>
    /// Area coverage as the paper reports it: the area of the predicted polygon inside the true hull over the hull's
    /// area. The predicted vertices are input points, all inside the hull, so a simple predicted polygon lies inside
    /// it and its own area is the intersection; a prediction that is not a simple polygon covers 0 (a failure).
    /// </summary>
    public static double Coverage(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<int> predicted, IReadOnlyList<int> hull)
    {
        double hullArea = Math.Abs(SignedArea(x, y, hull));
        if (hullArea == 0 || !IsSimple(x, y, predicted)) return 0;
        return Math.Min(1, Math.Abs(SignedArea(x, y, predicted)) / hullArea);
    }

    private static bool SegmentsTouch(IReadOnlyList<double> x, IReadOnlyList<double> y, int a, int b, int c, int d)
    {
        double d1 = ConvexHull.Cross(x, y, c, d, a), d2 = ConvexHull.Cross(x, y, c, d, b);
        double d3 = ConvexHull.Cross(x, y, a, b, c), d4 = ConvexHull.Cross(x, y, a, b, d);
        if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
        return (d1 == 0 && OnSegment(x, y, c, d, a)) || (d2 == 0 && OnSegment(x, y, c, d, b))
            || (d3 == 0 && OnSegment(x, y, a, b, c)) || (d4 == 0 && OnSegment(x, y, a, b, d));
    }

    private static bool OnSegment(IReadOnlyList<double> x, IReadOnlyList<double> y, int a, int b, int p) =>
        Math.Min(x[a], x[b]) <= x[p] && x[p] <= Math.Max(x[a], x[b]) && Math.Min(y[a], y[b]) <= y[p] && y[p] <= Math.Max(y[a], y[b]);
}
