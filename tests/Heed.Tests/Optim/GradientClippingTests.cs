using Heed.Tensors.Optim;
using static Heed.Tests.Optim.OptimTestData;

namespace Heed.Tests.Optim;

public class GradientClippingTests
{
    [Fact]
    public void ClipNorm_ScalesToMaxNorm_AndReturnsTheNormBefore()
    {
        // Gradients [3, 4] and [12]: norm √(9 + 16 + 144) = 13. maxNorm 6.5: coefficient 6.5/(13 + 1e-6) ≈ 0.5,
        // so the gradients become [1.5, 2] and [6].
        var a = Parameter("a", 0f, 0f); var b = Parameter("b", 0f);
        SetGrad(a, 3f, 4f); SetGrad(b, 12f);
        float norm = GradientClipping.ClipNorm([a, b], 6.5f);
        Assert.Equal(13f, norm, 1e-5f);
        Assert.Equal(1.5f, a.Grad!.Span[0], 1e-5f);
        Assert.Equal(2f, a.Grad!.Span[1], 1e-5f);
        Assert.Equal(6f, b.Grad!.Span[0], 1e-5f);
    }

    [Fact]
    public void ClipNorm_LeavesSmallGradientsAlone_AndSkipsMissingOnes()
    {
        var a = Parameter("a", 0f, 0f); var none = Parameter("none", 0f);
        SetGrad(a, 3f, 4f);
        Assert.Equal(5f, GradientClipping.ClipNorm([a, none], 20f), 1e-6f);
        Assert.Equal([3f, 4f], a.Grad!.ToArray());
    }

    [Fact]
    public void ClipNorm_RejectsNonFiniteGradients_NamingTheParameter()
    {
        var a = Parameter("decoder.out.weight", 0f);
        SetGrad(a, float.NaN);
        var e = Assert.Throws<InvalidOperationException>(() => GradientClipping.ClipNorm([a], 1f));
        Assert.Contains("decoder.out.weight", e.Message);
    }
}
