namespace Heed.Tests.Nn;

/// <summary>Element-wise comparison of float arrays that names the first element out of tolerance.</summary>
internal static class Close
{
    public static void Assert(float[] expected, float[] actual, float tolerance, string what)
    {
        Xunit.Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance))
                throw new Xunit.Sdk.XunitException($"{what}: element {i} is {actual[i]:G9}, expected {expected[i]:G9} (tolerance {tolerance}).");
    }
}
