using Heed.Tensors;
using Heed.Tensors.Kernels;

namespace Heed.Tests.Kernels;

public class DropoutMaskTests
{
    [Fact]
    public void StreamKey_MatchesAnIndependentSplitMix64()
    {
        // Expected values from a Python transcription of StreamKey.Of (SplitMix64 finaliser, start 0x243F6A8885A308D3)
        // written from the algorithm's definition, not from this code: python3 -c "... print(hex(of(42, 7, 3)))".
        Assert.Equal(0xEB27C2954B093EF8UL, StreamKey.Of(42, 7, 3));
        Assert.Equal(0xAC994BC6342B79EBUL, StreamKey.Of(-1));
        Assert.NotEqual(StreamKey.Of(1, 2), StreamKey.Of(2, 1));
    }

    [Fact]
    public void Keeps_MatchesAnIndependentTranscriptionOfTheHash()
    {
        // The first 40 keep/drop decisions for key StreamKey.Of(42, 7, 3), p = 0.3, from the same Python transcription
        // of the two lowbias32 rounds (1 = kept).
        const string expected = "0101011110101110111101111110101111111110";
        ulong key = StreamKey.Of(42, 7, 3);
        uint threshold = DropoutMask.Threshold(0.3f);
        var actual = string.Concat(Enumerable.Range(0, 40).Select(i => DropoutMask.Keeps(key, (uint)i, threshold) ? '1' : '0'));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(1, 0u)]
    [InlineData(15, 0u)]
    [InlineData(16, 0u)]
    [InlineData(1000, 0u)]
    [InlineData(1000, 123_456u)]
    public void Fill_VectorLoopsEqualTheScalarDefinition(int length, uint first)
    {
        // Oracle: the scalar Keeps, element by element; lengths cover a pure tail, one vector, vectors plus a tail.
        const float p = 0.4f;
        ulong key = StreamKey.Of(9, length);
        var mask = new float[length];
        DropoutMask.Fill(mask, key, p, first);
        uint threshold = DropoutMask.Threshold(p);
        for (int i = 0; i < length; i++)
            Assert.Equal(DropoutMask.Keeps(key, first + (uint)i, threshold) ? 1f / (1f - p) : 0f, mask[i]);
    }

    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.5f)]
    [InlineData(0.9f)]
    public void Fill_DropsAboutAFractionP(float p)
    {
        // One million Bernoulli(p) draws: the dropped fraction has standard deviation sqrt(p(1−p)/n) ≤ 0.0005, so a
        // 0.003 band (6 sd) fails only if the hash is biased.
        var mask = new float[1_000_000];
        DropoutMask.Fill(mask, StreamKey.Of(123), p);
        double dropped = mask.Count(v => v == 0f) / (double)mask.Length;
        Assert.InRange(dropped, p - 0.003, p + 0.003);
    }

    [Fact]
    public void Fill_NeighbouringKeysGiveUnrelatedMasks()
    {
        // Independent masks with p = 0.5 agree on half the elements (sd 0.0016 for n = 100,000); a correlated pair
        // (e.g. one key's mask a shift of the other's) would agree far more or far less often.
        var a = new float[100_000];
        var b = new float[100_000];
        DropoutMask.Fill(a, StreamKey.Of(1, 0), 0.5f);
        DropoutMask.Fill(b, StreamKey.Of(1, 1), 0.5f);
        double agree = a.Zip(b).Count(ab => ab.First == ab.Second) / (double)a.Length;
        Assert.InRange(agree, 0.49, 0.51);
    }
}
