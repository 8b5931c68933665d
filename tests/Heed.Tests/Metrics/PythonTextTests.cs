using Heed.Metrics;

namespace Heed.Tests.Metrics;

public class PythonTextTests
{
    [Theory]
    // Expected values: Python 3's str.lower() (Unicode SpecialCasing: İ and the Final_Sigma condition).
    [InlineData("ΟΔΟΣ", "οδος")]
    [InlineData("Σ", "σ")]
    [InlineData("ΑΣ.", "ας.")]
    [InlineData("ΑΣ'Α", "ασ'α")]
    [InlineData("İ", "i\u0307")]
    [InlineData("ÄBC", "äbc")]
    public void Lower_MatchesPython(string input, string expected) =>
        Assert.Equal(expected, PythonText.Lower(input));

    [Fact]
    public void Split_MatchesPythonWhitespace()
    {
        // Python: "a\u00a0b\u001fc  d\u3000".split() == ['a', 'b', 'c', 'd']
        Assert.Equal(["a", "b", "c", "d"], PythonText.Split("a\u00a0b\u001fc  d\u3000"));
        Assert.Empty(PythonText.Split(" \t "));
    }

    [Fact]
    public void CodePointOffsets_TreatSurrogatePairsAsOne()
    {
        Assert.Equal([0, 2, 3], PythonText.CodePointOffsets("😀a"));
    }
}
