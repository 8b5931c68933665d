using Heed.Pointer;

namespace Heed.Tests.Pointer;

/// <summary>The hull and polygon geometry against cases worked out on squared paper.</summary>
public class ConvexHullTests
{
    [Fact]
    public void Square_WithCentrePoint_CounterClockwiseFromLowestIndex()
    {
        // 0 = centre (1, 1), then corners 1 = (2, 2), 2 = (0, 2), 3 = (0, 0), 4 = (2, 0).
        // Counter-clockwise from corner 1: (2, 2) → (0, 2) → (0, 0) → (2, 0), i.e. 1, 2, 3, 4; the centre is not a vertex.
        double[] x = [1, 2, 0, 0, 2], y = [1, 2, 2, 0, 0];
        Assert.Equal([1, 2, 3, 4], ConvexHull.Vertices(x, y));
    }

    [Fact]
    public void StartAtLowest_RotatesTheAnswerAndItsAttentionRows()
    {
        // Answer 6, 4, 3, 5, 2 (the pentagon below, started at 6) then the end step: from its lowest index 2 it is
        // 2, 6, 4, 3, 5; row k is the step that chose the k-th index, so the rows move with them and the end row stays last.
        float[][] rows = [[6], [4], [3], [5], [2], [0]];
        var rotated = ConvexHull.StartAtLowest(new PointerPrediction([6, 4, 3, 5, 2], rows, -1.5));
        Assert.Equal([2, 6, 4, 3, 5], rotated.Indices);
        Assert.Equal([2f, 6, 4, 3, 5, 0], rotated.Weights.Select(r => r[0]));
        Assert.Equal(-1.5, rotated.LogProbability);
        // Already starting at its lowest index, or too short to rotate: unchanged.
        var same = new PointerPrediction([1, 3, 2], [[1], [3], [2], [0]], 0);
        Assert.Same(same, ConvexHull.StartAtLowest(same));
        var one = new PointerPrediction([4], [[4], [0]], 0);
        Assert.Same(one, ConvexHull.StartAtLowest(one));
    }

    [Fact]
    public void KeepsConvex_AllowsLeftTurnsThatCanStillClose()
    {
        // 0 = centre (1, 1), corners 1 = (2, 2), 2 = (0, 2), 3 = (0, 0), 4 = (2, 0).
        double[] x = [1, 2, 0, 0, 2], y = [1, 2, 2, 0, 0];
        // Any first and second vertex; (2, 2) → (0, 2) → (0, 0) turns left.
        Assert.True(ConvexHull.KeepsConvex(x, y, [], 3));
        Assert.True(ConvexHull.KeepsConvex(x, y, [1], 0));
        Assert.True(ConvexHull.KeepsConvex(x, y, [1, 2], 3));
        // (2, 2) → (2, 0) → (0, 0) turns right: clockwise.
        Assert.False(ConvexHull.KeepsConvex(x, y, [1, 4], 3));
        // The centre after (2, 2) → (0, 2) is a left turn too: the triangle 1, 2, 0 is convex and may close,
        // though it leaves corners outside (the test knows nothing of the true hull).
        Assert.True(ConvexHull.KeepsConvex(x, y, [1, 2], 0));
        Assert.True(ConvexHull.KeepsConvex(x, y, [1, 2, 0], -1));
        // (0, 2) → (1, 1) → (2, 0) is straight on, not a strict left turn.
        Assert.False(ConvexHull.KeepsConvex(x, y, [1, 2, 0], 4));
        // The square closes; closing 1, 2, 3 at (0, 0) → (2, 2) → (0, 2) turns left too; 2, 3 alone may end (< 3 vertices).
        Assert.True(ConvexHull.KeepsConvex(x, y, [1, 2, 3, 4], -1));
        Assert.True(ConvexHull.KeepsConvex(x, y, [2, 3], -1));
        // 1, 2, 3, 4 then the centre: (0, 0) → (2, 0) → (1, 1) turns left, but (2, 2) would then be on the right of (2, 0) → (1, 1).
        Assert.False(ConvexHull.KeepsConvex(x, y, [1, 2, 3, 4], 0));
    }

    [Fact]
    public void KeepsConvex_AcceptsEveryStepOfTheTrueHull()
    {
        var random = new Random(7);
        for (int k = 0; k < 200; k++)
        {
            var example = new ConvexHullProblem().Sample(random, 3 + k % 12);
            var (x, y) = ConvexHullProblem.Coordinates(example.Inputs);
            var t = example.Target;
            for (int i = 0; i < t.Length; i++) Assert.True(ConvexHull.KeepsConvex(x, y, t.Take(i).ToArray(), t[i]), $"example {k}, step {i}");
            Assert.True(ConvexHull.KeepsConvex(x, y, t, -1), $"example {k}, end");
        }
    }

    [Fact]
    public void Triangle_GivenClockwise_ComesOutCounterClockwise()
    {
        // 0 = (0, 0), 1 = (0, 1), 2 = (1, 0): counter-clockwise from 0 goes to (1, 0) first, then (0, 1).
        Assert.Equal([0, 2, 1], ConvexHull.Vertices([0.0, 0, 1], [0.0, 1, 0]));
    }

    [Fact]
    public void PointOnAnEdge_IsNotAVertex()
    {
        // 2 = (1, 0) lies on the edge from 1 = (0, 0) to 3 = (2, 0); 0 = (1, 2) is the apex.
        Assert.Equal([0, 1, 3], ConvexHull.Vertices([1.0, 0, 1, 2], [2.0, 0, 0, 0]));
    }

    [Fact]
    public void Pentagon_WithInnerPoints_StartsAtLowestHullIndex()
    {
        // Inner points 0 = (2, 2) and 1 = (1.5, 2.5); hull 2 = (4, 1), 3 = (0, 3), 4 = (2, 5), 5 = (1, 0), 6 = (4, 4).
        // Counter-clockwise: (1, 0) → (4, 1) → (4, 4) → (2, 5) → (0, 3), i.e. 5, 2, 6, 4, 3; from index 2: 2, 6, 4, 3, 5.
        double[] x = [2, 1.5, 4, 0, 2, 1, 4], y = [2, 2.5, 1, 3, 5, 0, 4];
        Assert.Equal([2, 6, 4, 3, 5], ConvexHull.Vertices(x, y));
    }

    [Fact]
    public void Area_AndSimplicity_HandWorked()
    {
        double[] x = [0, 2, 2, 0], y = [0, 0, 2, 2];
        Assert.Equal(4, Polygon.SignedArea(x, y, [0, 1, 2, 3]));
        Assert.Equal(-4, Polygon.SignedArea(x, y, [3, 2, 1, 0]));
        Assert.True(Polygon.IsSimple(x, y, [0, 1, 2, 3]));
        Assert.False(Polygon.IsSimple(x, y, [0, 2, 1, 3]));   // a bow tie: edges 0–2 and 1–3 cross
        Assert.False(Polygon.IsSimple(x, y, [0, 1]));         // not a polygon
        Assert.False(Polygon.IsSimple(x, y, [0, 1, 2, 1]));   // a repeated vertex
    }

    [Fact]
    public void Coverage_OfTriangleInsideSquare_IsItsAreaShare()
    {
        double[] x = [0, 2, 2, 0], y = [0, 0, 2, 2];
        Assert.Equal(0.5, Polygon.Coverage(x, y, [0, 1, 2], [0, 1, 2, 3]), 12);   // triangle 2 of square 4
        Assert.Equal(1, Polygon.Coverage(x, y, [0, 1, 2, 3], [0, 1, 2, 3]), 12);
        Assert.Equal(0, Polygon.Coverage(x, y, [0, 2, 1, 3], [0, 1, 2, 3]));      // not simple: a failure
    }

    [Fact]
    public void Generator_TargetIsTheHullOfItsPoints()
    {
        var random = new Random(5);
        var example = new ConvexHullProblem().Sample(random, 12);
        var (x, y) = ConvexHullProblem.Coordinates(example.Inputs);
        Assert.Equal(ConvexHull.Vertices(x, y), example.Target);
        Assert.True(Polygon.SignedArea(x, y, example.Target) > 0);                  // counter-clockwise
        Assert.Equal(example.Target.Min(), example.Target[0]);                       // starts at the lowest index
        Assert.All(example.Inputs, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void SortGenerator_TargetOrdersTheValues()
    {
        Assert.Equal([2, 0, 3, 1], SortProblem.SortedIndices([0.5f, 0.9f, 0.1f, 0.7f]));
        var example = new SortProblem().Sample(new Random(2), 9);
        var sorted = example.Target.Select(i => example.Inputs[i]).ToArray();
        Assert.Equal(example.Inputs.Order(), sorted);
    }
}
