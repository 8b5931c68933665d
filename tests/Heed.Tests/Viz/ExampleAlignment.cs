using Heed.Viz;

namespace Heed.Tests.Viz;

/// <summary>A realistic French→English alignment used by the Viz tests: near-diagonal, with the
/// "zone économique européenne" → "european economic area" reordering and "a été signé" → "was signed".</summary>
internal static class ExampleAlignment
{
    public static readonly string[] Source =
        "l' accord sur la zone économique européenne a été signé en août 1992 . <eos>".Split(' ');
    public static readonly string[] Output =
        "the agreement on the european economic area was signed in august 1992 . <eos>".Split(' ');

    // Source column each output token mostly attends to.
    private static readonly int[] Peak = [0, 1, 2, 3, 6, 5, 4, 7, 9, 10, 11, 12, 13, 14];

    /// <summary>Each row is a softmax over -2.2·|column - peak|, so it sums to 1 and peaks at the aligned word;
    /// "signed" also puts weight on "été".</summary>
    public static float[][] Weights()
    {
        var w = new float[Output.Length][];
        for (int i = 0; i < Output.Length; i++)
        {
            var scores = new double[Source.Length];
            for (int j = 0; j < Source.Length; j++) scores[j] = Math.Exp(-2.2 * Math.Abs(j - Peak[i]));
            if (Output[i] == "signed") scores[8] = 0.6;
            double sum = scores.Sum();
            w[i] = scores.Select(s => (float)(s / sum)).ToArray();
        }
        return w;
    }

    public static AlignmentMatrix Matrix(string? title = "French → English") => new(Source, Output, Weights(), title);
}
