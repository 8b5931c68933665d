namespace Heed.Pointer;

/// <summary>The planar convex hull by Andrew's monotone chain, in the order the pointer-network paper uses.</summary>
public static class ConvexHull
{
    /// <summary>
    /// The indices of the hull's vertices, counter-clockwise, starting from the lowest index among them
    /// (Vinyals et al. 2015, section 4.2). Points on a hull edge but not at a corner are not vertices.
    /// </summary>
    /// <param name="x">x coordinates</param>
    /// <param name="y">y coordinates, as many as x</param>
    /// <returns>all distinct points when there are fewer than 3; otherwise the corners (2 when all points are collinear)</returns>
    /// <exception cref="ArgumentException">x and y differ in length.</exception>
    public static int[] Vertices(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"ConvexHull: {x.Count} x coordinates but {y.Count} y coordinates.");
        var order = Enumerable.Range(0, x.Count).OrderBy(i => x[i]).ThenBy(i => y[i]).ToArray();
        if (order.Length < 3) return order.OrderBy(i => i).ToArray();
        // Lower chain left to right, then upper chain right to left; a turn that is not strictly left is dropped,
        // which removes collinear points. Each chain's last point is the other's first, so it is left off.
        var hull = new List<int>();
        foreach (var pass in new[] { order, order.Reverse().ToArray() })
        {
            int start = hull.Count;
            foreach (int i in pass)
            {
                while (hull.Count >= start + 2 && Cross(x, y, hull[^2], hull[^1], i) <= 0) hull.RemoveAt(hull.Count - 1);
                hull.Add(i);
            }
            hull.RemoveAt(hull.Count - 1);
        }
        int first = hull.IndexOf(hull.Min());
        return [.. hull.Skip(first), .. hull.Take(first)];
    }

    /// <summary>
    /// A pointer network's answer read as a closed polygon and rotated to start at its lowest index, the order
    /// <see cref="Vertices"/> uses; the attention rows (one per step, then the end step) move with their indices.
    /// It looks at nothing but the answer: which points it names and their cyclic order are unchanged.
    /// </summary>
    /// <param name="prediction">the answer as decoded</param>
    public static PointerPrediction StartAtLowest(PointerPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var indices = prediction.Indices;
        if (indices.Length < 2) return prediction;
        int first = Array.IndexOf(indices, indices.Min());
        if (first == 0) return prediction;
        int k = indices.Length;
        var weights = prediction.Weights;
        float[][] rotated = weights.Length >= k
            ? [.. weights.Take(k).Skip(first), .. weights.Take(first), .. weights.Skip(k)]
            : weights;
        return prediction with { Indices = [.. indices.Skip(first), .. indices.Take(first)], Weights = rotated };
    }

    /// <summary>
    /// Whether an answer's indices so far, extended by <paramref name="candidate"/> (−1 = the end), can still be a
    /// convex polygon traversed counter-clockwise, the form every hull answer has: each new vertex turns strictly left
    /// and keeps the first vertex strictly on its left and itself strictly left of the first edge (so the polygon
    /// cannot wind twice), and the end closes the
    /// polygon with two more strict left turns. It reads only the points and the answer, never the true hull: a convex
    /// polygon that leaves points outside passes.
    /// </summary>
    /// <param name="x">x coordinates of the inputs</param>
    /// <param name="y">y coordinates of the inputs</param>
    /// <param name="answer">input indices chosen so far</param>
    /// <param name="candidate">the next input index, or −1 for the end</param>
    /// <returns>the end is allowed after fewer than 3 vertices (collinear inputs have 2-vertex hulls)</returns>
    public static bool KeepsConvex(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<int> answer, int candidate)
    {
        ArgumentNullException.ThrowIfNull(answer);
        int k = answer.Count;
        if (candidate < 0)
            return k < 3 || (Cross(x, y, answer[k - 2], answer[k - 1], answer[0]) > 0 && Cross(x, y, answer[k - 1], answer[0], answer[1]) > 0);
        if (k < 2) return true;
        return Cross(x, y, answer[k - 2], answer[k - 1], candidate) > 0 && Cross(x, y, answer[k - 1], candidate, answer[0]) > 0
            && Cross(x, y, answer[0], answer[1], candidate) > 0;
    }

    /// <summary>(b − a) × (c − a): positive when a → b → c turns left (counter-clockwise).</summary>
    internal static double Cross(IReadOnlyList<double> x, IReadOnlyList<double> y, int a, int b, int c) =>
        (x[b] - x[a]) * (y[c] - y[a]) - (y[b] - y[a]) * (x[c] - x[a]);
}
