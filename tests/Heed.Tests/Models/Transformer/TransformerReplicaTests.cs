using Heed.Models.Transformer;
using Heed.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Memory;
using Heed.Tensors.Nn;

namespace Heed.Tests.Models.Transformer;

/// <summary>Data-parallel replicas may call <see cref="TransformerSeq2Seq.Loss"/> at once, as the trainer does.</summary>
public class TransformerReplicaTests
{
    /// <summary>
    /// Each of two replicas takes half of the batch (with dropout on); their summed gradients, computed on two threads
    /// at once, must equal the same replicas run one after the other — bit for bit, since each replica's ops and
    /// dropout streams do not depend on the other thread.
    /// </summary>
    [Fact]
    public void TwoReplicasAtOnce_GiveTheGradientsOfTwoReplicasInTurn()
    {
        var model = TinyTransformer.Model(TinyTransformer.Config("pre", "learned", "gelu", dropout: 0.3), seed: 13);
        var replicas = new[] { new GradientReplica(0), new GradientReplica(1) };
        var source = TinyTransformer.Sources();
        int length = TinyTransformer.TargetLength;
        var halves = new[] { (Start: 0, Count: 2), (Start: 2, Count: 1) };

        void Part(int i)
        {
            using var threads = Parallelism.Use(1);
            using var replica = replicas[i].Enter();
            using var scope = TensorScope.Begin();
            var (start, count) = halves[i];
            var (loss, _) = model.Loss(source.Rows(start, count), TinyTransformer.Targets[(start * length)..((start + count) * length)], length, 0.1f);
            loss.Backward();
        }
        float[][] Run(bool concurrent)
        {
            int layer = 0;
            foreach (var dropout in model.Modules().OfType<Dropout>()) dropout.Reseed(StreamKey.Of(99, 1, layer++));
            model.ZeroGrad();
            if (concurrent) Parallelism.RunParts(0, 2, Part);
            else { Part(0); Part(1); }
            foreach (var r in replicas) r.AddIntoParameters();
            return model.Parameters().Select(p => p.Grad!.ToArray()).ToArray();
        }

        var inTurn = Run(concurrent: false);
        var atOnce = Run(concurrent: true);
        for (int p = 0; p < inTurn.Length; p++) Assert.Equal(inTurn[p], atOnce[p]);
        Assert.Contains(inTurn, g => g.Any(v => v != 0));
    }
}
