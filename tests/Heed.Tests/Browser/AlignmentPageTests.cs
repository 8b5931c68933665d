using Heed.Tests.Viz;
using Heed.Viz;
using Microsoft.Playwright;
using static Heed.Tests.Browser.ExplorerPage;

namespace Heed.Tests.Browser;

/// <summary>
/// The alignment pages in a real browser: hovering a cell shows its weight, and the explorer's pickers show the map
/// chosen. Expected weights come from the inputs (ExampleAlignment's softmax, LayeredAttention's formula), not from
/// the page.
/// </summary>
public class AlignmentPageTests(Chromium chromium) : IClassFixture<Chromium>
{
    private void SkipWithoutBrowser() => chromium.SkipOrFailWithoutBrowser();

    [SkippableFact]
    public async Task RnnPage_HoveringACell_ShowsItsTokensAndWeight()
    {
        SkipWithoutBrowser();
        var page = await chromium.OpenAsync(AlignmentHtml.Render([ExampleAlignment.Matrix()]));
        float[][] w = ExampleAlignment.Weights();
        foreach (var (r, c) in new[] { (8, 8), (8, 9), (0, 0), (4, 6) })
        {
            await page.HoverAsync($"{Figure} rect.cell[data-row=\"{r}\"][data-col=\"{c}\"]");
            Assert.Equal($"{ExampleAlignment.Output[r]} \u2190 {ExampleAlignment.Source[c]}: {W(w[r][c])}",
                await page.TextContentAsync($"{Figure} .readout"));
        }
        await page.CloseAsync();
    }

    [SkippableFact]
    public async Task Explorer_StartsAtTheLastLayersHeadAverage_AndSwitchesLayerAndHead()
    {
        SkipWithoutBrowser();
        var page = await chromium.OpenAsync(AlignmentHtml.RenderExplorer([LayeredAttention.Figure()]));
        var cross = LayeredAttention.Maps(LayeredAttention.Output.Length, LayeredAttention.Source.Length);

        Assert.Equal("cross/1/avg", await page.GetAttributeAsync(Figure, "data-view"));
        await AssertShows(page, Mean(cross[1])); // the mean of layer 2's three heads, computed here

        await Pick(page, ".pick-layer", "0");
        await Pick(page, ".pick-head", "2");
        Assert.Equal("cross/0/2", await page.GetAttributeAsync(Figure, "data-view"));
        Assert.Equal("cross-attention, layer 1, head 3", await page.TextContentAsync($"{Figure} .view-name"));
        await AssertShows(page, cross[0][2]);
        // Independently of the stored maps: layer 0, head 2 peaks at column (row + 2) mod 5.
        foreach (int r in Enumerable.Range(0, 4))
        {
            var row = (await ShownCells(page)).Where(c => c.Row == r).OrderByDescending(c => c.Weight, StringComparer.Ordinal).First();
            Assert.Equal((r + 2) % 5, row.Col);
        }

        await page.HoverAsync(CellSelector("cross", 1, 2));
        Assert.Equal($"man \u2190 fährt: {W(cross[0][2][1][2])}", await page.TextContentAsync($"{Figure} .readout"));
        await page.CloseAsync();
    }

    [SkippableFact]
    public async Task Explorer_SwitchesKind_ToTheSelfAttentionsOwnGrid()
    {
        SkipWithoutBrowser();
        var page = await chromium.OpenAsync(AlignmentHtml.RenderExplorer([LayeredAttention.Figure()]));
        int s = LayeredAttention.Source.Length, t = LayeredAttention.Output.Length;

        await Pick(page, ".pick-kind", "encoder-self");
        Assert.Equal("encoder-self/1/avg", await page.GetAttributeAsync(Figure, "data-view"));
        Assert.True(await page.IsHiddenAsync($"{Figure} .kind-view[data-kind=\"cross\"]"));
        await AssertShows(page, Mean(LayeredAttention.Maps(s, s)[1]));
        await page.HoverAsync(CellSelector("encoder-self", 3, 2));
        Assert.StartsWith("Straße \u2190 fährt: ", await page.TextContentAsync($"{Figure} .readout"));

        // Decoder self-attention was given without an average: the head falls back to the first one.
        await Pick(page, ".pick-kind", "decoder-self");
        Assert.Equal("decoder-self/1/0", await page.GetAttributeAsync(Figure, "data-view"));
        Assert.Equal(["1", "2", "3"], await page.EvalOnSelectorAllAsync<string[]>($"{Figure} .pick-head option", "os => os.map(o => o.textContent)"));
        await AssertShows(page, LayeredAttention.Maps(t, t)[1][0]);
        await page.CloseAsync();
    }
}
