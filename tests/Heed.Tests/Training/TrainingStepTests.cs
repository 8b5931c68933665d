using Heed.Config;
using Heed.Data;
using Heed.Models;
using Heed.Tensors;
using Heed.Tensors.Memory;
using Heed.Tensors.Optim;
using Heed.Training;

namespace Heed.Tests.Training;

[Collection(SerialCollection.Name)] // runs replicas on two threads and compares exact results
public class TrainingStepTests
{
    private static RnnConfig Config(double dropout) => new(
        Rnn: "gru", EmbeddingSize: 6, HiddenSize: 7, EncoderLayers: 1, DecoderLayers: 1, Decoder: "bahdanau",
        Attention: "additive", AttentionSize: 0, Dropout: dropout, TieEmbeddings: false, MaxSourceLength: 0);

    /// <summary>Ten pairs of varied lengths (ids 4…11; 1 = pad, 2 = BOS, 3 = EOS), in one batch.</summary>
    private static Batch TenPairs()
    {
        var random = new Random(3);
        int[] Sentence(int length, bool bos) =>
            [.. bos ? new[] { 2 } : [], .. Enumerable.Range(0, length).Select(_ => random.Next(4, 12)), 3];
        var sources = Enumerable.Range(0, 10).Select(i => Sentence(1 + i % 4, bos: false)).ToList();
        var targets = Enumerable.Range(0, 10).Select(i => Sentence(1 + (i * 7) % 5, bos: true)).ToList();
        return new Batcher(sources, targets, Vocabulary.Pad).Ordered(BatchLimit.Sentences(10)).Single();
    }

    private static (float Loss, int Tokens, Dictionary<string, float[]> Grads) Gradients(int replicas, double dropout, int threads = 2)
    {
        using var use = Parallelism.Use(threads);
        var model = new RnnSeq2Seq(Config(dropout), sourceVocabulary: 12, targetVocabulary: 12, seed: 11);
        var step = new TrainingStep(model, new Sgd(model.NamedParameters(), 0.1f), clip: 0f, labelSmoothing: 0.1f);
        using var scope = TensorScope.Begin();
        var (loss, tokens) = step.Gradients(TenPairs(), replicas);
        return (loss, tokens, model.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad!.ToArray()));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Replicas_GiveTheWholeBatchsLossAndGradient(int replicas)
    {
        // Oracle: one replica over the whole batch (the plain loss.Backward()). Without dropout the replicas compute
        // the same function on their rows; only float summation order differs (tolerance 1e-5 relative).
        var whole = Gradients(1, dropout: 0);
        var split = Gradients(replicas, dropout: 0);
        Assert.Equal(whole.Tokens, split.Tokens);
        Assert.Equal(whole.Loss, split.Loss, 1e-5f);
        foreach (var (name, expected) in whole.Grads)
        {
            var actual = split.Grads[name];
            float scale = Math.Max(1e-3f, expected.Max(Math.Abs));
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * scale, $"{name}[{i}]: {actual[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void Replicas_RepeatExactly_WithDropout()
    {
        // Two threads racing: the masks are keyed by replica and call, so the result cannot depend on timing.
        var first = Gradients(2, dropout: 0.3);
        var second = Gradients(2, dropout: 0.3);
        Assert.Equal(first.Loss, second.Loss);
        foreach (var (name, grad) in first.Grads) Assert.Equal(grad, second.Grads[name]);
    }

    [Fact]
    public void Replicas_OnOneThread_EqualReplicasOnTwo()
    {
        // Each replica runs its ops single-threaded either way, so the thread pool's scheduling changes nothing.
        var oneThread = Gradients(2, dropout: 0.3, threads: 1);
        var twoThreads = Gradients(2, dropout: 0.3, threads: 2);
        Assert.Equal(oneThread.Loss, twoThreads.Loss);
        foreach (var (name, grad) in oneThread.Grads) Assert.Equal(grad, twoThreads.Grads[name]);
    }

    [Fact]
    public void ReplicasFor_UsesOnePerThreadWhileEachGetsSixteenSentences()
    {
        using var use = Parallelism.Use(2);
        Assert.Equal(1, TrainingStep.ReplicasFor(31));
        Assert.Equal(2, TrainingStep.ReplicasFor(32));
        Assert.Equal(2, TrainingStep.ReplicasFor(128));
        using var one = Parallelism.Use(1);
        Assert.Equal(1, TrainingStep.ReplicasFor(128));
    }

    [Fact]
    public void Gradients_RejectsMoreReplicasThanSentences()
    {
        var model = new RnnSeq2Seq(Config(0), sourceVocabulary: 12, targetVocabulary: 12, seed: 11);
        var step = new TrainingStep(model, new Sgd(model.NamedParameters(), 0.1f), clip: 0f, labelSmoothing: 0f);
        Assert.Throws<ArgumentOutOfRangeException>(() => step.Gradients(TenPairs(), replicas: 11));
    }
}
