using Heed.Config;
using Heed.Models;
using Heed.Models.Transformer;

namespace Heed.Tests.Models.Transformer;

/// <summary>Small configurations and batches shared by the Transformer tests (ids: 1 pad, 2 BOS, 3 EOS).</summary>
internal static class TinyTransformer
{
    public static TransformerConfig Config(string norm = "post", string positions = "sinusoidal", string activation = "relu",
        bool tie = false, bool share = false, double dropout = 0.0, int layers = 2, int modelDim = 8, int heads = 2, int feedForward = 16,
        int maxPositions = 32) =>
        new(EncoderLayers: layers, DecoderLayers: layers, ModelDim: modelDim, Heads: heads, FeedForward: feedForward,
            Dropout: dropout, AttentionDropout: dropout, Norm: norm, Positions: positions, MaxPositions: maxPositions,
            Activation: activation, TieEmbeddings: tie, ShareEmbeddings: share);

    public static TransformerSeq2Seq Model(TransformerConfig config, int vocabulary = 11, int seed = 7) =>
        new(config, vocabulary, vocabulary, seed);

    /// <summary>Sources of different lengths (so the batch holds padding), each ending with EOS.</summary>
    public static SourceBatch Sources() =>
        SourceBatch.FromSequences([[5, 6, 7, 3], [8, 3], [4, 9, 10, 6, 3]], pad: 1);

    /// <summary>Targets [3, 6] for <see cref="Sources"/>: BOS … EOS then padding.</summary>
    public static readonly int[] Targets =
    [
        2, 4, 5, 6, 3, 1,
        2, 7, 3, 1, 1, 1,
        2, 9, 8, 10, 5, 3,
    ];

    public const int TargetLength = 6;
}
