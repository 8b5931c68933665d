using Heed.Io;
using Heed.Pointer;
using Heed.Tensors;
using Heed.Tensors.Autodiff;

namespace Heed.Tests.Pointer;

/// <summary>The pointer network with a bidirectional encoder (<see cref="PointerNetworkConfig.Bidirectional"/>).</summary>
public class PointerBidirectionalTests
{
    private static PointerNetwork Tiny(bool bidirectional, int seed = 1) => new(new PointerNetworkConfig(2, 3, 4, 3, Bidirectional: bidirectional), seed);

    private static PointerBatch HullBatch(int seed, int size, int n)
    {
        var random = new Random(seed);
        return new PointerBatch(Enumerable.Range(0, size).Select(_ => new ConvexHullProblem().Sample(random, n)).ToList());
    }

    [Fact]
    public void Loss_GradientsOfEveryParameterMatchFiniteDifferences()
    {
        var model = Tiny(bidirectional: true);
        var batch = HullBatch(1, 2, 4);
        GradientCheck.AssertGradients(() => [model.Loss(batch)], model.Parameters().ToList());
    }

    [Fact]
    public void Encoder_HasTwoDirectionsOfHalfTheUnits_AndTheDecoderKeepsItsSize()
    {
        var model = Tiny(bidirectional: true);
        Assert.True(model.Encoder.Bidirectional);
        Assert.Equal(2, model.Encoder.HiddenSize);
        using var noGrad = GradMode.NoGrad();
        var encoding = model.Encode(HullBatch(2, 3, 5).Inputs);
        Assert.Equal([1, 3, 4], encoding.H.Shape.ToArray());
        Assert.Equal([1, 3, 4], encoding.C.Shape.ToArray());
        Assert.Equal([3, 6, 3], encoding.Keys.Shape.ToArray());
    }

    [Fact]
    public void FinalState_IsTheForwardThenTheReverseDirection()
    {
        // The reverse direction ends at position 0 (the end element), the forward one at the last input: moving only
        // the last input changes the forward half's final state and, through the reverse direction, the end element's key.
        var model = Tiny(bidirectional: true);
        using var noGrad = GradMode.NoGrad();
        var a = Tensor.FromArray([0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f], 1, 3, 2);
        var b = Tensor.FromArray([0.1f, 0.2f, 0.3f, 0.4f, 0.9f, 0.1f], 1, 3, 2);
        var ea = model.Encode(a);
        var eb = model.Encode(b);
        var (_, hn, _) = model.Encoder.Forward(ea.Elements);
        Assert.Equal(hn.Select(0, 0).ToArray().Concat(hn.Select(0, 1).ToArray()), ea.H.ToArray());
        Assert.NotEqual(ea.Keys.ToArray().Take(3), eb.Keys.ToArray().Take(3));
        // A one-way encoder's key at position 0 has seen nothing but the end element.
        var oneWay = Tiny(bidirectional: false);
        Assert.Equal(oneWay.Encode(a).Keys.ToArray().Take(3), oneWay.Encode(b).Keys.ToArray().Take(3));
    }

    [Fact]
    public void Checkpoint_KeepsTheDirection_AndAnOlderFileLoadsOneWay()
    {
        string dir = Directory.CreateTempSubdirectory("heed-pointer-bi").FullName;
        string file = Path.Combine(dir, "pointer.safetensors");
        var model = Tiny(bidirectional: true);
        PointerCheckpoint.Save(file, model);
        var loaded = PointerCheckpoint.Load(file);
        Assert.True(loaded.Config.Bidirectional);
        var batch = HullBatch(3, 2, 5);
        using (GradMode.NoGrad()) Assert.Equal(model.Loss(batch).Item(), loaded.Loss(batch).Item());

        // Written as checkpoints were before the direction was stored: the five sizes only.
        string old = Path.Combine(dir, "old.safetensors");
        var oneWay = Tiny(bidirectional: false);
        SizedCheckpoint.Save(old, oneWay, [("pointer.input", 2), ("pointer.embedding", 3), ("pointer.hidden", 4), ("pointer.attention", 3), ("pointer.mask_chosen", 1)]);
        Assert.False(PointerCheckpoint.Load(old).Config.Bidirectional);
    }

    [Fact]
    public void OddHidden_IsAnInputErrorNamingTheOption()
    {
        var error = Assert.Throws<HeedInputException>(() => new PointerNetwork(new PointerNetworkConfig(2, 4, 5, 4, Bidirectional: true), 1));
        Assert.Contains("--hidden 5: must be even with --bidirectional", error.Message);
    }
}
