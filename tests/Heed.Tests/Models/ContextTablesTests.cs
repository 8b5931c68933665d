using Heed.Config;
using Heed.Decoding;
using Heed.Models;
using Heed.Tensors;
using Heed.Tensors.Autodiff;
using Heed.Tensors.Memory;
using static Heed.Tests.GradientCheck;

namespace Heed.Tests.Models;

public class ContextTablesTests
{
    private static RnnSeq2Seq Model(string decoder = "bahdanau", string rnn = "gru", int seed = 3)
    {
        var config = new RnnConfig(Rnn: rnn, EmbeddingSize: 6, HiddenSize: 8, EncoderLayers: 1, DecoderLayers: 2,
            Decoder: decoder, Attention: "additive", AttentionSize: 0, Dropout: 0.2, TieEmbeddings: false, MaxSourceLength: 0);
        var model = new RnnSeq2Seq(config, sourceVocabulary: 12, targetVocabulary: 15, seed);
        model.Eval();
        return model;
    }

    /// <summary>|expected − actual| ≤ tolerance·(1 + |expected|) elementwise, naming the first mismatch.</summary>
    private static void AssertClose(float[] expected, float[] actual, string what, double tolerance = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])),
                $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
    }

    private static SourceBatch Sources() =>
        SourceBatch.FromSequences([[4, 5, 6, 7, 3], [8, 3], [9, 10, 11, 3], [5, 5, 3]], pad: 1);

    [Fact]
    public void AddWeighted_EqualsANaiveLoop_OverEachSourcesRealRows()
    {
        const int rows = 3, s = 4, n = 37; // n: not a multiple of any vector width
        var sources = new TableRows([4, 2]); // source 0 owns table rows 0–3, source 1 rows 4–5
        var weights = Random(1, [rows, s], 0, 1);
        weights.Span[1 * s + 2] = 0;          // a zero weight: its table row must not count
        weights.Span[0 * s + 3] = float.NaN;  // row 0 reads source 1 (length 2): positions 2, 3 are padding, never read
        weights.Span[2 * s + 2] = float.NaN;
        var table = Random(2, [sources.Total, n]);
        table.Span[2 * n + 7] = float.NaN;    // row 1 reads source 0 at position 2 with weight 0: ignored
        var into = Random(3, [rows, n]);
        int[] rowSource = [1, 0, 1];
        var expected = into.ToArray();
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < sources.Length[rowSource[r]]; j++)
            {
                float w = weights.At(r, j);
                if (w == 0) continue;
                for (int c = 0; c < n; c++) expected[r * n + c] += w * table.At(sources.Start[rowSource[r]] + j, c);
            }
        ContextTables.AddWeighted(weights, table, sources, rowSource, into);
        AssertClose(expected, into.ToArray(), "AddWeighted");
    }

    [Fact]
    public void AccumulateRows_FourAtATime_EqualsRowByRowBitForBit()
    {
        // The fused kernel against its readable oracle: same order of fused multiply-adds, so equal to the last bit,
        // for every count of rows (full groups of four and the rest) and widths around the vector sizes. Zero weights
        // skip their rows, so a NaN there must not reach the sum.
        var random = new Random(4);
        foreach (int n in new[] { 1, 7, 8, 9, 37, 64 })
            for (int count = 0; count <= 11; count++)
            {
                var weights = Enumerable.Range(0, count).Select(j => j % 3 == 1 ? 0f : (float)random.NextDouble()).ToArray();
                var rows = Enumerable.Range(0, count * n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
                for (int j = 1; j < count; j += 3) rows[j * n] = float.NaN;
                var start = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
                var fused = start.ToArray();
                var oracle = start.ToArray();
                ContextTables.AccumulateRows(weights, rows, fused);
                ContextTables.AccumulateRowsComposite(weights, rows, oracle);
                Assert.Equal(oracle, fused);
                Assert.DoesNotContain(fused, float.IsNaN);
            }
    }

    [Fact]
    public void AddWeighted_BadShapesOrSources_ThrowNamingThem()
    {
        var two = new TableRows([4, 0]);
        var e = Assert.Throws<ArgumentException>(() => ContextTables.AddWeighted(Tensor.Zeros(2, 3), Tensor.Zeros(4, 5), two, [0, 0], Tensor.Zeros(2, 5)));
        Assert.Contains("[2, 3]", e.Message); // weights narrower than the longest source
        e = Assert.Throws<ArgumentException>(() => ContextTables.AddWeighted(Tensor.Zeros(2, 4), Tensor.Zeros(3, 5), two, [0, 0], Tensor.Zeros(2, 5)));
        Assert.Contains("[3, 5]", e.Message); // a table with fewer rows than the sources own
        e = Assert.Throws<ArgumentException>(() => ContextTables.AddWeighted(Tensor.Zeros(2, 4), Tensor.Zeros(4, 5), two, [0, 2], Tensor.Zeros(2, 5)));
        Assert.Contains("row source 2", e.Message);
    }

    [Fact]
    public void TableRows_Gather_KeepsEachSentencesRealPositions_InOrder()
    {
        // By hand: 3 sentences padded to S = 3, C = 2; lengths 2, 0, 3 → rows (0,0) (0,1) (2,0) (2,1) (2,2).
        var values = Tensor.FromArray(Enumerable.Range(0, 3 * 3 * 2).Select(i => (float)i).ToArray(), 3, 3, 2);
        var sources = new TableRows([2, 0, 3]);
        Assert.Equal([0, 2, 2], sources.Start);
        Assert.Equal(5, sources.Total);
        Assert.Equal(3, sources.Longest);
        var rows = sources.Gather(values);
        Assert.Equal([5, 2], rows.Shape);
        Assert.Equal([0f, 1, 2, 3, 12, 13, 14, 15, 16, 17], rows.ToArray());
        Assert.Throws<ArgumentException>(() => new TableRows([1, -1]));
        Assert.Throws<ArgumentException>(() => new TableRows([4]).Gather(Tensor.Zeros(1, 3, 2)));
    }

    [Fact]
    public void Select_RemapsRowsToSources_WithoutCopyingTables()
    {
        var tables = new ContextTables(Tensor.Zeros(6, 4), Tensor.Zeros(6, 6), new TableRows([2, 2, 2]), [0, 1, 2],
            Ops.PackLinearWeight(Tensor.Zeros(4, 5)), tokens: null);
        // By hand: expand each source to two rows ([0,0,1,1,2,2]), then keep rows 5, 0, 3 → sources 2, 0, 1.
        var expanded = tables.Select([0, 0, 1, 1, 2, 2]);
        var reordered = expanded.Select([5, 0, 3]);
        Assert.Equal([0, 0, 1, 1, 2, 2], expanded.RowSource);
        Assert.Equal([2, 0, 1], reordered.RowSource);
        Assert.Same(tables.Output, reordered.Output);
        Assert.Same(tables.Cell, reordered.Cell);
        Assert.Same(tables.Sources, reordered.Sources);
    }

    [Theory]
    // By hand, C = 1024: L·C + 16·k·T·L against k·T·C (L the mean real source length).
    [InlineData(13, 50, 1, true)]   // 13,312 + 10,400 = 23,712 < 51,200
    [InlineData(28, 50, 1, true)]   // 28,672 + 22,400 = 51,072 < 51,200, just
    [InlineData(29, 50, 1, false)]  // 29,696 + 23,200 = 52,896 > 51,200
    [InlineData(19.5, 50, 1, true)] // 19,968 + 15,600 = 35,568 < 51,200: a batch padded to 30 whose mean is 19.5
    [InlineData(13, 13, 1, false)]  // greedy stopping at EOS, T ≈ S: 13,312 + 2,704 > 13,312
    [InlineData(13, 13, 5, true)]   // beam 5 shares each table: 13,312 + 13,520 = 26,832 < 66,560
    public void Pays_FollowsTheCostRule(double sourceLength, int steps, int beam, bool expected)
    {
        Assert.Equal(expected, ContextTables.Pays(sourceLength, 1024, new SearchWork(steps, beam)));
    }

    [Fact]
    public void Encode_UsesTables_OnlyForBahdanauSearchInEvaluation_WhenTheyPay()
    {
        var source = Sources();
        var greedy = new SearchWork(Steps: 1000, RowsPerSource: 1);  // C = 16, mean L = 3.5: 56 + 16·1000·3.5 vs 16,000 — no
        var beam = new SearchWork(Steps: 1000, RowsPerSource: 200); // still no: 16·L = 56 > C = 16 per row-step
        using var noGrad = GradMode.NoGrad();
        using var scope = TensorScope.Begin();
        var model = Model();
        Assert.False(RnnSeq2Seq.HasContextTables(model.Encode(source, greedy)));
        Assert.False(RnnSeq2Seq.HasContextTables(model.Encode(source, beam)));
        model.UseContextTables = true;
        Assert.True(RnnSeq2Seq.HasContextTables(model.Encode(source)));
        model.Train();
        Assert.False(RnnSeq2Seq.HasContextTables(model.Encode(source)));
        var luong = Model("luong");
        luong.UseContextTables = true;
        Assert.False(RnnSeq2Seq.HasContextTables(luong.Encode(source)));
    }

    [Fact]
    public void Encode_ByTheRule_UsesTables_ForAWideContextAndLongSearch()
    {
        // 2H = 128 wide context over mean L = 3.5: 3.5·128 + 16·50·3.5 = 3,248 < 50·128 = 6,400, so the rule picks the
        // tables; for 5 steps, 448 + 280 = 728 > 640, so it does not.
        var config = new RnnConfig(Rnn: "gru", EmbeddingSize: 4, HiddenSize: 64, EncoderLayers: 1, DecoderLayers: 1,
            Decoder: "bahdanau", Attention: "additive", AttentionSize: 8, Dropout: 0, TieEmbeddings: false, MaxSourceLength: 0);
        var model = new RnnSeq2Seq(config, 12, 15, seed: 1);
        model.Eval();
        using var noGrad = GradMode.NoGrad();
        using var scope = TensorScope.Begin();
        Assert.True(RnnSeq2Seq.HasContextTables(model.Encode(Sources(), new SearchWork(50, 1))));
        Assert.False(RnnSeq2Seq.HasContextTables(model.Encode(Sources(), new SearchWork(5, 1))));
    }

    [Theory]
    [InlineData("gru", true)]
    [InlineData("gru", false)]
    [InlineData("lstm", true)]
    public void Step_WithTables_EqualsTheDirectStep(string rnn, bool tokenTables)
    {
        // The oracle is the direct step: the context formed, then multiplied by the full weights.
        var model = Model(rnn: rnn);
        model.UseTokenTables = tokenTables;
        var source = Sources();
        using var noGrad = GradMode.NoGrad();
        using var scope = TensorScope.Begin();
        model.UseContextTables = false;
        var direct = model.Encode(source);
        model.UseContextTables = true;
        var tabled = model.Encode(source);
        Assert.True(RnnSeq2Seq.HasContextTables(tabled) && !RnnSeq2Seq.HasContextTables(direct));

        // Beam-style rows: sources expanded and reordered, so rows read shared tables through the row → source index.
        int[] rows = [2, 0, 0, 3, 1, 2];
        var (a, b) = (direct.Select(rows), tabled.Select(rows));
        var (sa, sb) = (model.Start(a), model.Start(b));
        int[] tokens = [2, 2, 2, 2, 2, 2];
        for (int t = 0; t < 4; t++)
        {
            var ra = model.Step(a, sa, tokens);
            var rb = model.Step(b, sb, tokens);
            AssertClose(ra.LogProbs.ToArray(), rb.LogProbs.ToArray(), $"log-probs at step {t}", 1e-4);
            AssertClose(ra.Attention.ToArray(), rb.Attention.ToArray(), $"attention at step {t}", 1e-5);
            Assert.Equal(ra.LogProbs.Shape, rb.LogProbs.Shape);
            Assert.Equal(ra.Attention.Shape, rb.Attention.Shape);
            tokens = Enumerable.Range(0, rows.Length).Select(r => 4 + (r + t) % 10).ToArray();
            int[] reorder = [1, 1, 0, 5, 4, 3]; // beam reordering between steps
            (sa, sb) = (ra.State.Select(reorder), rb.State.Select(reorder));
            (a, b) = (a.Select(reorder), b.Select(reorder));
        }
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(4, true)]
    [InlineData(4, false)]
    public void Search_WithTables_GivesTheDirectOutputs(int beam, bool tokenTables)
    {
        var model = Model(seed: 7);
        model.UseTokenTables = tokenTables;
        var source = Sources();
        var options = new SearchOptions(Beam: beam, NBest: beam, MaxLengthRatio: 3, StopAtEos: beam > 1);
        IReadOnlyList<Hypothesis[]> Run(bool tables)
        {
            model.UseContextTables = tables;
            return beam == 1 ? GreedySearch.Decode(model, source, options).Select(h => new[] { h }).ToArray() : BeamSearch.Decode(model, source, options);
        }
        var direct = Run(false);
        var tabled = Run(true);
        for (int r = 0; r < source.Batch; r++)
        {
            Assert.Equal(direct[r].Length, tabled[r].Length);
            for (int i = 0; i < direct[r].Length; i++)
            {
                Assert.Equal(direct[r][i].Tokens, tabled[r][i].Tokens);
                Assert.Equal(direct[r][i].Score, tabled[r][i].Score, 4);
            }
        }
    }

    [Fact]
    public void TokenTables_AreRebuilt_WhenTheWeightsChange()
    {
        // A changed weight must not be served from tables built before the change: after editing the target embedding
        // and the output bias, the tabled step still equals the direct step on the new weights.
        var model = Model(seed: 11);
        var source = Sources();
        using var noGrad = GradMode.NoGrad();
        float[] Tabled(bool tables)
        {
            using var scope = TensorScope.Begin();
            model.UseContextTables = tables;
            var encoded = model.Encode(source);
            return model.Step(encoded, model.Start(encoded), [2, 7, 9, 4]).LogProbs.ToArray();
        }
        AssertClose(Tabled(false), Tabled(true), "before the change", 1e-4);
        var embedding = model.NamedParameters().Single(p => p.Name == "embedding.weight").Parameter;
        var bias = model.NamedParameters().Single(p => p.Name == "output.bias").Parameter;
        for (int i = 0; i < embedding.Length; i++) embedding.Span[i] *= -0.5f;
        bias.Span[3] += 2f;
        var direct = Tabled(false);
        AssertClose(direct, Tabled(true), "after the change", 1e-4);
    }

    [Fact]
    public void TokenTables_Rows_AreTheEmbeddingsProjected()
    {
        // Oracle: the model's own linear maps applied to the embedding rows.
        var embedding = Random(1, [5, 3]); var outputWeight = Random(2, [7, 8]); var outputBias = Random(3, [7]);
        var cellWeight = Random(4, [6, 4]); var cellBias = Random(5, [6]);
        var tables = new TokenTables(embedding, outputWeight, 5, outputBias, cellWeight, cellBias);
        using var noGrad = GradMode.NoGrad();
        int[] tokens = [4, 0, 4, 2];
        var rows = Ops.Embedding(embedding, tokens, [tokens.Length]);
        var expectedOutput = Ops.LinearColumns(rows, outputWeight, 5, outputBias).ToArray();
        var expectedCell = Ops.LinearColumns(rows, cellWeight, 0, cellBias).ToArray();
        var output = Tensor.Zeros(4, 7); var cell = Tensor.Zeros(4, 6);
        tables.Gather(tokens, output, cell);
        AssertClose(expectedOutput, output.ToArray(), "output rows");
        AssertClose(expectedCell, cell.ToArray(), "cell rows");
        Assert.True(tables.Matches(embedding, outputWeight, 5, outputBias, cellWeight, cellBias));
        cellWeight.Span[1 * 4 + 3] += 1; // column 3 is not read (E = 3): still valid
        Assert.True(tables.Matches(embedding, outputWeight, 5, outputBias, cellWeight, cellBias));
        cellWeight.Span[1 * 4 + 2] += 1;
        Assert.False(tables.Matches(embedding, outputWeight, 5, outputBias, cellWeight, cellBias));
        var e = Assert.Throws<ArgumentException>(() => tables.Gather([5], Tensor.Zeros(1, 7), Tensor.Zeros(1, 6)));
        Assert.Contains("token 5", e.Message);
    }

    [Fact]
    public void TokenTables_Fit_TheTutorialModelButNotA32kBpeModel()
    {
        // By hand: 5,898 tokens × (5,898 + 3·512) = 43.9M floats ≤ 64M; 32,000 × (32,000 + 3·512) = 1.07G floats.
        Assert.True(TokenTables.Fit(5898, 5898 + 1536));
        Assert.False(TokenTables.Fit(32000, 32000 + 1536));
    }
}
