using Heed.Data;
using Heed.Io;
using Heed.Tests.Cli;
using Heed.Tests.Training;
using Heed.Translation;
using static Heed.Tests.Browser.ExplorerPage;

namespace Heed.Tests.Browser;

/// <summary>
/// The page <c>heed align --self</c> writes for a Transformer trained here (2 layers of 2 heads, a few dozen steps on
/// the toy reverse task), read in a real browser: hovering a cell shows that cell's tokens and weight, and switching
/// kind, layer and head repaints the matrix with that layer's and head's weights. Expected weights come from the
/// model itself (its <c>LayeredAttention</c>, teacher-forced on the translation the translator found), not from the
/// page or the figure code that wrote it.
/// </summary>
public class TrainedTransformerPageTests(Chromium chromium) : IClassFixture<Chromium>
{
    [SkippableFact]
    [Trait("Category", "Slow")]
    public async Task AlignSelfPage_OfATrainedTransformer_ShowsTheModelsWeights_ForTheHoveredCell_AndEachLayerAndHead()
    {
        chromium.SkipOrFailWithoutBrowser();
        var task = new ToyTask(trainPairs: 300, devPairs: 10);
        string config = Path.Combine(task.Folder, "transformer.yaml");
        File.WriteAllText(config, task.YamlWithModel(ToyTask.TinyTransformerSection.Replace("layers: 1", "layers: 2"),
            training: "  schedule: noam\n  warmup_steps: 20\n  max_steps: 60\n  validate_every: 30"));
        var (exit, _, error) = CliRunner.Run("train", config);
        Assert.True(exit == 0, error);
        string dir = Path.Combine(task.Folder, "model"), html = Path.Combine(task.Folder, "align.html"), sentence = task.DevSources[0];
        (exit, _, error) = CliRunner.Run("align", dir, "--sentence", sentence, "--out", html, "--self");
        Assert.True(exit == 0, error);

        // The model's data: the translation the model's own decoding settings give (as heed align uses them), then
        // every layer's and head's attention teacher-forced on it: maps[layer][head][row][column].
        var (_, source, target, model) = new ModelDirectory(dir).Load();
        var translation = Translator.Load(dir).Translate(sentence);
        string[] src = translation.SourceTokens, output = translation.OutputTokens;
        string[] decoderInputs = [Vocabulary.BosToken, .. output[..^1]];
        var maps = model.LayeredAttention(source.Vocabulary.Encode(src[..^1], addBos: false, addEos: true),
            [model.BosId, .. target.Vocabulary.Encode(output[..^1], addBos: false, addEos: false)])!;
        Assert.Equal(2, maps.Cross.Length);
        Assert.Equal(2, maps.Cross[0].Length);

        var page = await chromium.OpenFileAsync(html);
        // First shown: the last layer's cross-attention, averaged over its heads.
        Assert.Equal("cross/1/avg", await page.GetAttributeAsync(Figure, "data-view"));
        var lastAverage = Mean(maps.Cross[1]);
        await AssertShows(page, lastAverage);
        foreach (var (r, c) in Cells(output.Length, src.Length))
            Assert.Equal($"{output[r]} \u2190 {src[c]}: {W(lastAverage[r][c])}", await Hover(page, "cross", r, c));

        // Layer 1, head 2: another map (checked to differ, so the switch is visible), and the page shows it.
        var layer0Head1 = maps.Cross[0][1];
        Assert.Contains(Cells(output.Length, src.Length), rc => W(layer0Head1[rc.Row][rc.Col]) != W(lastAverage[rc.Row][rc.Col]));
        await Pick(page, ".pick-layer", "0");
        await Pick(page, ".pick-head", "1");
        Assert.Equal("cross/0/1", await page.GetAttributeAsync(Figure, "data-view"));
        Assert.Equal("cross-attention, layer 1, head 2", await page.TextContentAsync($"{Figure} .view-name"));
        await AssertShows(page, layer0Head1);
        foreach (var (r, c) in Cells(output.Length, src.Length))
            Assert.Equal($"{output[r]} \u2190 {src[c]}: {W(layer0Head1[r][c])}", await Hover(page, "cross", r, c));

        // The encoder's self-attention keeps the layer and head chosen: source over source.
        await Pick(page, ".pick-kind", "encoder-self");
        Assert.Equal("encoder-self/0/1", await page.GetAttributeAsync(Figure, "data-view"));
        await AssertShows(page, maps.EncoderSelf[0][1]);
        foreach (var (r, c) in Cells(src.Length, src.Length))
            Assert.Equal($"{src[r]} \u2190 {src[c]}: {W(maps.EncoderSelf[0][1][r][c])}", await Hover(page, "encoder-self", r, c));

        // The decoder's self-attention, layer 2, head 1: decoder inputs (BOS, then the output) over themselves.
        await Pick(page, ".pick-kind", "decoder-self");
        await Pick(page, ".pick-layer", "1");
        await Pick(page, ".pick-head", "0");
        Assert.Equal("decoder-self/1/0", await page.GetAttributeAsync(Figure, "data-view"));
        await AssertShows(page, maps.DecoderSelf[1][0]);
        foreach (var (r, c) in Cells(decoderInputs.Length, decoderInputs.Length))
            Assert.Equal($"{decoderInputs[r]} \u2190 {decoderInputs[c]}: {W(maps.DecoderSelf[1][0][r][c])}", await Hover(page, "decoder-self", r, c));
        await page.CloseAsync();
    }

    /// <summary>Cells to hover: the corners and the middle of a rows × columns matrix.</summary>
    private static (int Row, int Col)[] Cells(int rows, int columns) =>
        [(0, 0), (0, columns - 1), (rows - 1, 0), (rows - 1, columns - 1), (rows / 2, columns / 2)];
}
