using Microsoft.Playwright;

namespace Heed.Tests.Browser;

/// <summary>
/// One headless Debian chromium for the browser tests, driven by Playwright (its own browser download does not work
/// on these machines, so it runs the system's). Where chromium is not installed, <see cref="Problem"/> says so and the
/// tests report themselves skipped with that reason; .ci/run installs chromium, so CI runs them. A chromium that is
/// installed but does not start is a failure, not a skip: a skip there would hide a broken setup.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>Where chromium is looked for: HEED_CHROMIUM, else Debian's /usr/bin/chromium.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("HEED_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    private IPlaywright? _playwright;

    /// <summary>The browser, or null when it could not be started.</summary>
    public IBrowser? Browser { get; private set; }

    /// <summary>Why there is no browser (chromium is not installed), or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>Why an installed chromium did not start, or null.</summary>
    public string? LaunchFailure { get; private set; }

    /// <summary>Call first in each browser test: skips it (with the reason shown) where chromium is not installed,
    /// fails it where chromium is installed but did not start.</summary>
    public void SkipOrFailWithoutBrowser()
    {
        Skip.If(Problem is not null, Problem);
        if (LaunchFailure is not null) Assert.Fail(LaunchFailure);
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Problem = $"no chromium at {ExecutablePath} (install it with apt-get install chromium, as .ci/run does, or set HEED_CHROMIUM)";
            return;
        }
        try
        {
            _playwright = await Playwright.CreateAsync();
            Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Timeout = 120_000,
                // No sandbox (the tests run as root); no GPU, and none of chromium's calls home, which this machine's
                // closed network refuses, many at a time.
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--disable-quic"],
            });
        }
        catch (PlaywrightException e)
        {
            LaunchFailure = $"chromium at {ExecutablePath} is installed but did not start under Playwright: {e.Message}";
        }
    }

    /// <summary>A fresh page with <paramref name="html"/> loaded from a file, as a reader opens a written report.</summary>
    public async Task<IPage> OpenAsync(string html)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("heed-browser").FullName, "page.html");
        await File.WriteAllTextAsync(path, html);
        return await OpenFileAsync(path);
    }

    /// <summary>A fresh page with the HTML file at <paramref name="path"/> loaded (a report some command wrote).</summary>
    public async Task<IPage> OpenFileAsync(string path)
    {
        var page = await Browser!.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(new Uri(Path.GetFullPath(path)).AbsoluteUri);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
