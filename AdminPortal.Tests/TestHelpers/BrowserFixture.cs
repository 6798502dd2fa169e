using Microsoft.Playwright;

namespace AdminPortal.Tests.TestHelpers;

/// <summary>
/// Debian's Chromium driven by Playwright, launched once for all browser tests (they share one collection, so they run
/// one at a time and never compete for the two cores). Nothing is downloaded: <c>ExecutablePath</c> points at the system browser.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Collection = "Browser";
    public const int PhoneWidth = 390;
    public const int DesktopWidth = 1440;

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    private IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not been launched yet.");

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run"],
        });
        // Generous for a loaded 2-core machine; every expectation still passes as soon as the page is right.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    /// <summary>A fresh context (no cookies) whose viewport is <paramref name="width"/> pixels wide; dispose it to close its pages.</summary>
    public Task<IBrowserContext> NewContextAsync(PortalFactory portal, int width, bool clipboard = false, string timeZone = "UTC") =>
        NewContextAsync(portal.BaseUrl, width, clipboard, timeZone: timeZone);

    /// <summary>The same for a portal reached at <paramref name="baseUrl"/> (e.g. through nginx, whose test certificate is self-signed).</summary>
    public async Task<IBrowserContext> NewContextAsync(string baseUrl, int width, bool clipboard = false, bool ignoreHttpsErrors = false,
        string timeZone = "UTC")
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = baseUrl,
            IgnoreHTTPSErrors = ignoreHttpsErrors,
            ViewportSize = new() { Width = width, Height = width <= PhoneWidth ? 844 : 900 },
            Permissions = clipboard ? ["clipboard-read", "clipboard-write"] : [],
            Locale = "en-GB",
            TimezoneId = timeZone,
        });
        context.SetDefaultTimeout(15_000);
        await context.WatchContentSecurityPolicyAsync();
        // The portal runs offline: anything on the internet is answered here, so a stray request fails fast and visibly.
        await context.RouteAsync(url => !url.StartsWith(baseUrl, StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal),
            route => route.AbortAsync("internetdisconnected"));
        return context;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}

[CollectionDefinition(BrowserFixture.Collection)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;
