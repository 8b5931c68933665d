using Heed.Attention;

namespace Heed.Tests.Attention;

public class AttentionFactoryTests
{
    [Theory]
    [InlineData("cosine", typeof(CosineAttention))]
    [InlineData("additive", typeof(AdditiveAttention))]
    [InlineData("location", typeof(LocationAttention))]
    [InlineData("general", typeof(GeneralAttention))]
    [InlineData("dot", typeof(DotAttention))]
    [InlineData("Scaled_Dot", typeof(ScaledDotAttention))]
    public void Create_MakesTheNamedScore(string name, Type expected) =>
        Assert.IsType(expected, AttentionFactory.Create(name, 3, 3, new Random(1)));

    [Fact]
    public void UnknownName_ListsTheValidNames()
    {
        var e = Assert.Throws<ArgumentException>(() => AttentionFactory.Create("bilinear", 3, 3, new Random(1)));
        Assert.Contains("'bilinear'", e.Message);
        Assert.Contains("cosine, additive, location, general, dot, scaled_dot", e.Message);
    }

    [Theory]
    [InlineData("dot")]
    [InlineData("scaled_dot")]
    [InlineData("cosine")]
    public void SizeMismatch_ForScoresWithoutParameters_ThrowsNamingTheSizes(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => AttentionFactory.Create(name, 3, 5, new Random(1)));
        Assert.Contains("dq = 3, dk = 5", e.Message);
    }

    [Fact]
    public void Options_ReachTheModules()
    {
        var additive = Assert.IsType<AdditiveAttention>(AttentionFactory.Create("additive", 3, 4, new Random(1), hiddenDim: 7));
        Assert.Equal(7, additive.HiddenDim);
        Assert.Equal(4, Assert.IsType<AdditiveAttention>(AttentionFactory.Create("additive", 3, 4, new Random(1))).HiddenDim);
        Assert.Equal(12, Assert.IsType<LocationAttention>(AttentionFactory.Create("location", 3, 4, new Random(1), maxSourceLength: 12)).MaxLength);
    }
}
