using System.Globalization;
using Heed.Viz;
using Microsoft.Playwright;

namespace Heed.Tests.Browser;

/// <summary>Reading an alignment page in the browser: the shown cells, the read-out line, the pickers.</summary>
internal static class ExplorerPage
{
    public const string Figure = "figure#alignment-0";

    /// <summary>A weight as the page prints it (four decimals).</summary>
    public static string W(double w) => w.ToString("0.0000", CultureInfo.InvariantCulture);

    public static string CellSelector(string kind, int row, int col) =>
        $"{Figure} .kind-view[data-kind=\"{kind}\"] rect.cell[data-row=\"{row}\"][data-col=\"{col}\"]";

    /// <summary>(row, col, data-weight, fill) of every cell of the SVG now shown.</summary>
    public static async Task<(int Row, int Col, string Weight, string Fill)[]> ShownCells(IPage page)
    {
        string[] cells = await page.EvalOnSelectorAllAsync<string[]>($"{Figure} .kind-view:not([hidden]) rect.cell",
            "els => els.map(e => [e.getAttribute('data-row'), e.getAttribute('data-col'), e.getAttribute('data-weight'), e.getAttribute('fill')].join(' '))");
        return cells.Select(c => c.Split(' ')).Select(p => (int.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture), p[2], p[3])).ToArray();
    }

    /// <summary>Asserts the shown cells are exactly <paramref name="expected"/> (rows × columns), weights and colours.</summary>
    public static async Task AssertShows(IPage page, float[][] expected)
    {
        var cells = await ShownCells(page);
        Assert.Equal(expected.Length * expected[0].Length, cells.Length);
        foreach (var (row, col, weight, fill) in cells)
        {
            string w = W(expected[row][col]);
            Assert.Equal(w, weight);
            // The page colours by the palette entry round(w * 255) of the same ramp.
            Assert.Equal(WeightColors.For(Math.Round(double.Parse(w, CultureInfo.InvariantCulture) * 255) / 255).ToHex(), fill);
        }
    }

    /// <summary>Hovers a cell of the shown kind and returns the read-out line under the figure.</summary>
    public static async Task<string?> Hover(IPage page, string kind, int row, int col)
    {
        await page.HoverAsync(CellSelector(kind, row, col));
        return await page.TextContentAsync($"{Figure} .readout");
    }

    // By value only: Playwright also matches option labels, and head value "1" is labelled "2".
    public static Task Pick(IPage page, string picker, string value) =>
        page.SelectOptionAsync($"{Figure} {picker}", new SelectOptionValue { Value = value });

    /// <summary>The heads' average, cell by cell (computed here, not read from the page).</summary>
    public static float[][] Mean(float[][][] heads) =>
        heads[0].Select((row, r) => row.Select((_, c) => heads.Sum(h => h[r][c]) / heads.Length).ToArray()).ToArray();
}
