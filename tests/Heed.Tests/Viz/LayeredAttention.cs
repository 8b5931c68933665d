using Heed.Viz;

namespace Heed.Tests.Viz;

/// <summary>
/// A made-up 2-layer, 3-head encoder–decoder's attention for one sentence pair, with every map different: row r of
/// layer l, head h is a softmax over -(h + 1)·|column - peak| with peak = (r + l + h) mod columns, so the maps can be
/// told apart by where each row peaks.
/// </summary>
internal static class LayeredAttention
{
    public const int Layers = 2, Heads = 3;
    public static readonly string[] Source = ["ein", "Mann", "fährt", "Straße", "</s>"];
    public static readonly string[] Output = ["a", "man", "rides", "</s>"];

    /// <summary>Maps [layer][head][row][column].</summary>
    public static float[][][][] Maps(int rows, int columns) =>
        Enumerable.Range(0, Layers).Select(l => Enumerable.Range(0, Heads).Select(h => Enumerable.Range(0, rows).Select(r =>
        {
            int peak = (r + l + h) % columns;
            double[] s = Enumerable.Range(0, columns).Select(c => Math.Exp(-(h + 1) * Math.Abs(c - peak))).ToArray();
            return s.Select(v => (float)(v / s.Sum())).ToArray();
        }).ToArray()).ToArray()).ToArray();

    public static AttentionFigure Figure() => new("ein Mann fährt → a man rides",
    [
        .. AttentionMaps.Views(AttentionKind.Cross, Source, Output, Maps(Output.Length, Source.Length)),
        .. AttentionMaps.Views(AttentionKind.EncoderSelf, Source, Source, Maps(Source.Length, Source.Length)),
        .. AttentionMaps.Views(AttentionKind.DecoderSelf, Output, Output, Maps(Output.Length, Output.Length), includeAverage: false),
    ]);
}
