using Heed.Viz;

namespace Heed.Tests.Viz;

public class AlignmentMatrixTests
{
    [Fact]
    public void RectangularAndJagged_GiveTheSameCells()
    {
        var a = new AlignmentMatrix(["x", "y"], ["p"], new float[,] { { 0.25f, 0.75f } });
        var b = new AlignmentMatrix(["x", "y"], ["p"], [[0.25f, 0.75f]]);
        Assert.Equal(0.75f, a[0, 1]);
        Assert.Equal(a.Row(0).ToArray(), b.Row(0).ToArray());
    }

    [Fact]
    public void ShapeMismatch_NamesShapeAndTokenCounts()
    {
        var e = Assert.Throws<ArgumentException>(() => new AlignmentMatrix(["x", "y", "z"], ["p", "q"], new float[2, 2]));
        Assert.Contains("[2, 2]", e.Message);
        Assert.Contains("2 output tokens", e.Message);
        Assert.Contains("3 source tokens", e.Message);
    }

    [Fact]
    public void RaggedRow_IsNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => new AlignmentMatrix(["x", "y"], ["p", "q"], [[0.5f, 0.5f], [1f]]));
        Assert.Contains("row 1 has length 1", e.Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(-0.1f)]
    [InlineData(1.5f)]
    [InlineData(float.PositiveInfinity)]
    public void BadWeight_NamesCellAndTokens(float bad)
    {
        var e = Assert.Throws<ArgumentException>(() => new AlignmentMatrix(["x", "y"], ["p", "q"], new float[,] { { 0, 1 }, { bad, 0 } }));
        Assert.Contains("weights[1, 0]", e.Message);
        Assert.Contains("'q'", e.Message);
        Assert.Contains("'x'", e.Message);
    }

    [Fact]
    public void EmptyTokens_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => new AlignmentMatrix([], ["p"], new float[1, 0]));
    }
}
