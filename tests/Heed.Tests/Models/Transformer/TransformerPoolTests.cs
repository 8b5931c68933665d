using Heed.Decoding;
using Heed.Tensors.Memory;
using Heed.Tensors.Optim;

namespace Heed.Tests.Models.Transformer;

/// <summary>Every temporary of a training step and a search lives in a TensorScope: in steady state the pool lends
/// its own buffers again and allocates none.</summary>
[Collection(SerialCollection.Name)]
public class TransformerPoolTests
{
    [Theory]
    [InlineData("post", "sinusoidal")]
    [InlineData("pre", "learned")]
    public void TrainingStep_InSteadyState_TakesNoNewPoolBuffers(string norm, string positions)
    {
        var model = TinyTransformer.Model(TinyTransformer.Config(norm, positions, "gelu", dropout: 0.2));
        var adam = new Adam(model.NamedParameters());
        void Step()
        {
            using var scope = TensorScope.Begin();
            var (loss, _) = model.Loss(TinyTransformer.Sources(), TinyTransformer.Targets, TinyTransformer.TargetLength, labelSmoothing: 0.1f);
            adam.ZeroGrad();
            loss.Backward();
            adam.Step();
        }
        for (int i = 0; i < 4; i++) Step(); // settles which size class serves which request
        long before = BufferPool.AllocatedFloatsOnThisThread;
        Step();
        Step();
        Assert.Equal(before, BufferPool.AllocatedFloatsOnThisThread);
    }

    [Fact]
    public void BeamSearch_InSteadyState_TakesNoNewPoolBuffers()
    {
        // The caches are garbage-collected tensors outside the pool's scopes; everything else is scoped.
        var model = TinyTransformer.Model(TinyTransformer.Config());
        model.Eval();
        var options = new SearchOptions(Beam: 3, MaxLengthRatio: 3, MaxLength: 10);
        for (int i = 0; i < 3; i++) BeamSearch.Decode(model, TinyTransformer.Sources(), options);
        long before = BufferPool.AllocatedFloatsOnThisThread;
        BeamSearch.Decode(model, TinyTransformer.Sources(), options);
        Assert.Equal(before, BufferPool.AllocatedFloatsOnThisThread);
    }
}
