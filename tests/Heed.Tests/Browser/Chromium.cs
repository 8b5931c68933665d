using Microsoft.Playwright;

namespace Heed.Tests.Browser;

/// <summary>
/// One headless Debian chromium for the browser tests, driven by Playwright (its own browser download does not work
/// on these machines, so it runs the system's). Where none can be started, <see cref="Problem"/> says why and the
/// tests report themselves skipped with that reason; .ci/run installs chromium, so CI runs them.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>Where chromium is looked for: HEED_CHROMIUM, else Debian's /usr/bin/chromium.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("HEED_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    private IPlaywright? _playwright;

    /// <summary>The browser, or null when it could not be started.</summary>
    public IBrowser? Browser { get; private set; }

    /// <summary>Why there is no browser, or null.</summary>
    public string? Problem { get; private set; }

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
            Problem = $"chromium at {ExecutablePath} did not start under Playwright: {e.Message.Split('\n')[0]}";
        }
    }

    /// <summary>A fresh page with <paramref name="html"/> loaded from a file, as a reader opens a written report.</summary>
    public async Task<IPage> OpenAsync(string html)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("heed-browser").FullName, "page.html");
        await File.WriteAllTextAsync(path, html);
        var page = await Browser!.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(new Uri(path).AbsoluteUri);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
