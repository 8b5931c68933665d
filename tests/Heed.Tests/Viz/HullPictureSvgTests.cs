using System.Xml.Linq;
using Heed.Viz;

namespace Heed.Tests.Viz;

public class HullPictureSvgTests
{
    [Fact]
    public void DrawsBothPolygonsAndEveryPoint_YUp()
    {
        double[] x = [0, 1, 1, 0.5], y = [0, 0, 1, 0.5];
        var svg = XDocument.Parse(HullPictureSvg.Render(x, y, [0, 1, 2], [0, 1, 2, 3], "t"));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var polygons = svg.Descendants(ns + "polygon").ToList();
        Assert.Equal(["truth", "predicted"], polygons.Select(p => (string?)p.Attribute("class")));
        Assert.Equal(4, svg.Descendants(ns + "circle").Count());
        // Point 0 is (0, 0): left edge (28) and, y pointing up, the bottom of the 360-pixel square (28 + 20 + 360).
        Assert.StartsWith("28,408 ", (string?)polygons[0].Attribute("points"));
    }

    [Fact]
    public void IndexOutsideThePoints_Throws() =>
        Assert.Throws<ArgumentException>(() => HullPictureSvg.Render([0.0], [0.0], [0], [1], "t"));
}
