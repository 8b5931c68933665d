using Heed.Models;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Memory;

namespace Heed.Tests.Models.Transformer;

public class TransformerAttentionMapsTests
{
    [Fact]
    public void Maps_HaveEveryLayerAndHead_AreDistributions_AndTheLastCrossLayerIsWhatStepsReport()
    {
        var model = TinyTransformer.Model(TinyTransformer.Config("pre", dropout: 0.2), seed: 14); // left in training mode
        int[] source = [5, 6, 7, 3], target = [2, 4, 5, 6];
        var maps = model.AttentionMaps(source, target);
        Assert.True(model.Training); // the maps switch dropout off only while they run

        Assert.Equal(2, maps.Cross.Length);
        Assert.All(maps.Cross, layer => Assert.Equal(2, layer.Length));
        Assert.Equal(4, maps.Cross[0][0].Length);            // t
        Assert.Equal(4, maps.Cross[0][0][0].Length);         // s
        Assert.Equal(4, maps.EncoderSelf[1][1][3].Length);   // [s][s]
        Assert.Equal(4, maps.DecoderSelf[1][0].Length);      // [t][t]
        foreach (var row in maps.Cross.Concat(maps.EncoderSelf).Concat(maps.DecoderSelf).SelectMany(l => l).SelectMany(h => h))
            Assert.Equal(1f, row.Sum(), 4);
        for (int t = 0; t < 4; t++)                           // causal: no weight on later positions
            Assert.All(maps.DecoderSelf[0][1][t].Skip(t + 1), w => Assert.Equal(0f, w));

        // The oracle: search's per-step attention (last layer, mean over heads), teacher-forced on the same tokens.
        model.Eval();
        using var noGrad = GradMode.NoGrad();
        using var scope = TensorScope.Begin();
        var encoded = model.Encode(SourceBatch.FromSequences([source], pad: 1));
        var state = model.Start(encoded);
        for (int t = 0; t < target.Length; t++)
        {
            var step = model.Step(encoded, state, [target[t]]);
            state = step.State;
            var mean = Enumerable.Range(0, 4).Select(s => (maps.Cross[1][0][t][s] + maps.Cross[1][1][t][s]) / 2).ToArray();
            Heed.Tests.Attention.Hand.Near(mean, step.Attention);
        }
    }
}
