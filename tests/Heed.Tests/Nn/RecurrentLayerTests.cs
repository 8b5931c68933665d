using Heed.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Nn;

namespace Heed.Tests.Nn;

/// <summary>
/// Gru and Lstm sequence layers: finite differences through stacked bidirectional masked runs, the fused path against
/// the composite one, padding against the same sentence alone, and the reverse direction against a hand-reversed run.
/// </summary>
public class RecurrentLayerTests
{
    private static RecurrentLayer Make(bool gru, int input, int hidden, int layers, bool bidirectional, float dropout = 0f, int seed = 1) =>
        gru ? new Gru(input, hidden, new Random(seed), layers, bidirectional, dropout)
            : new Lstm(input, hidden, new Random(seed), layers, bidirectional, dropout);

    /// <summary>Output, then final h (and final c for an LSTM).</summary>
    private static Tensor[] Run(RecurrentLayer layer, Tensor x, int[]? lengths) => layer switch
    {
        Gru g => g.Forward(x, lengths) is var (o, h) ? [o, h] : [],
        Lstm l => l.Forward(x, lengths) is var (o, h, c) ? [o, h, c] : [],
        _ => throw new ArgumentException("unknown layer"),
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StackedBidirectionalMasked_MatchesFiniteDifferences(bool gru)
    {
        var layer = Make(gru, input: 3, hidden: 3, layers: 2, bidirectional: true);
        var x = GradientCheck.RandomLeaf(new Random(2), 1f, 2, 3, 3);
        int[] lengths = [3, 2];
        GradientCheck.AssertGradients(() => Run(layer, x, lengths), [x, .. layer.Parameters()]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FusedPath_EqualsCompositePath(bool gru)
    {
        var layer = Make(gru, input: 5, hidden: 4, layers: 2, bidirectional: true);
        var x = GradientCheck.RandomLeaf(new Random(3), 1f, 3, 4, 5);
        int[] lengths = [4, 1, 3];
        var leaves = new[] { x }.Concat(layer.Parameters()).ToArray();
        var fused = GradientCheck.OutputsAndGradients(() => Run(layer, x, lengths), leaves);
        layer.UseFusedCells = false;
        var composite = GradientCheck.OutputsAndGradients(() => Run(layer, x, lengths), leaves);
        for (int k = 0; k < fused.Outputs.Length; k++) Close.Assert(composite.Outputs[k], fused.Outputs[k], 2e-5f, $"output {k}");
        for (int n = 0; n < leaves.Length; n++) Close.Assert(composite.Gradients[n], fused.Gradients[n], 2e-5f, $"gradient of leaf {n}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PaddedSentence_GivesSameResultsAsTheSentenceAlone(bool gru)
    {
        const int B = 3, T = 4, In = 2, H = 3;
        var layer = Make(gru, In, H, layers: 2, bidirectional: true);
        var x = GradientCheck.RandomLeaf(new Random(4), 1f, B, T, In);
        int[] lengths = [4, 2, 3];
        var batched = Run(layer, x, lengths).Select(t => t.ToArray()).ToArray();
        for (int b = 0; b < B; b++)
        {
            int n = lengths[b];
            var alone = Tensor.FromArray(x.Span.Slice(b * T * In, n * In), 1, n, In);
            var single = Run(layer, alone, null);
            // Outputs: real positions equal the sentence run alone; padded positions are 0.
            var outAlone = single[0].ToArray();
            var outRow = batched[0].AsSpan(b * T * 2 * H, T * 2 * H).ToArray();
            Close.Assert(outAlone, outRow[..(n * 2 * H)], 1e-6f, $"outputs of sentence {b}");
            Assert.All(outRow[(n * 2 * H)..], v => Assert.Equal(0f, v));
            // Final states [layers · 2, B, H]: the row of sentence b in each layer and direction.
            for (int k = 1; k < single.Length; k++)
                for (int ld = 0; ld < 4; ld++)
                    Close.Assert(single[k].ToArray().AsSpan(ld * H, H).ToArray(), batched[k].AsSpan((ld * B + b) * H, H).ToArray(), 1e-6f,
                        $"final state {k} of layer/direction {ld}, sentence {b}");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReverseDirection_EqualsAForwardRunOverTheHandReversedSentence(bool gru)
    {
        const int B = 2, T = 5, In = 3, H = 4;
        var bi = Make(gru, In, H, layers: 1, bidirectional: true, seed: 8);
        var uni = Make(gru, In, H, layers: 1, bidirectional: false, seed: 99);
        var biParams = bi.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        foreach (var (name, p) in uni.NamedParameters()) biParams[name + "_reverse"].Span.CopyTo(p.Span);
        var x = GradientCheck.RandomLeaf(new Random(6), 1f, B, T, In);
        int[] lengths = [5, 3];
        var biOut = Run(bi, x, lengths);
        for (int b = 0; b < B; b++)
        {
            int n = lengths[b];
            var reversed = new float[n * In];
            for (int t = 0; t < n; t++) x.Span.Slice((b * T + t) * In, In).CopyTo(reversed.AsSpan((n - 1 - t) * In, In));
            var uniOut = Run(uni, Tensor.FromArray(reversed, 1, n, In), null);
            for (int t = 0; t < n; t++)
                Close.Assert(uniOut[0].Span.Slice((n - 1 - t) * H, H).ToArray(), biOut[0].Span.Slice((b * T + t) * 2 * H + H, H).ToArray(), 1e-6f,
                    $"reverse output of sentence {b} at position {t}");
            for (int k = 1; k < uniOut.Length; k++)
                Close.Assert(uniOut[k].ToArray(), biOut[k].Span.Slice((1 * B + b) * H, H).ToArray(), 1e-6f, $"reverse final state {k} of sentence {b}");
        }
    }

    [Fact]
    public void Parameters_HavePyTorchNamesShapesAndInitRange()
    {
        var lstm = new Lstm(5, 4, new Random(1), numLayers: 2, bidirectional: true);
        var names = lstm.NamedParameters().Select(p => p.Name + ShapeText(p.Parameter)).ToArray();
        // Expected list written from torch.nn.LSTM(5, 4, num_layers=2, bidirectional=True).named_parameters().
        Assert.Equal(new[]
        {
            "weight_ih_l0[16,5]", "weight_hh_l0[16,4]", "bias_ih_l0[16]", "bias_hh_l0[16]",
            "weight_ih_l0_reverse[16,5]", "weight_hh_l0_reverse[16,4]", "bias_ih_l0_reverse[16]", "bias_hh_l0_reverse[16]",
            "weight_ih_l1[16,8]", "weight_hh_l1[16,4]", "bias_ih_l1[16]", "bias_hh_l1[16]",
            "weight_ih_l1_reverse[16,8]", "weight_hh_l1_reverse[16,4]", "bias_ih_l1_reverse[16]", "bias_hh_l1_reverse[16]",
        }, names);
        // U(−1/√H, 1/√H) with H = 4: every value within 0.5.
        Assert.All(lstm.Parameters(), p => Assert.True(p.ToArray().All(v => Math.Abs(v) <= 0.5f)));
    }

    private static string ShapeText(Tensor t) => "[" + string.Join(",", t.Shape.ToArray()) + "]";

    [Fact]
    public void DropoutBetweenLayers_ActsOnlyWhileTraining()
    {
        var x = GradientCheck.RandomLeaf(new Random(9), 1f, 2, 3, 4);
        var plain = Make(true, 4, 5, layers: 2, bidirectional: false, dropout: 0f, seed: 3);
        var withDropout = Make(true, 4, 5, layers: 2, bidirectional: false, dropout: 0.5f, seed: 3);
        var reference = Run(plain, x, null)[0].ToArray();
        var training = Run(withDropout, x, null)[0].ToArray();
        Assert.NotEqual(reference, training);
        withDropout.Eval();
        // Same seed, so the same weights: with dropout off the two layers must agree exactly.
        Close.Assert(reference, Run(withDropout, x, null)[0].ToArray(), 0f, "evaluation output");
    }

    [Fact]
    public void BadLengths_AreRejected_NamingTheSentence()
    {
        var gru = new Gru(2, 3, new Random(1));
        var x = Tensor.Zeros(2, 3, 2);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => gru.Forward(x, [3, 4]));
        Assert.Contains("sentence 1", e.Message);
        Assert.Throws<ArgumentException>(() => gru.Forward(x, [3]));
        Assert.Throws<ArgumentException>(() => gru.Forward(Tensor.Zeros(2, 3, 5)));
    }
}
