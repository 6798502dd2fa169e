using System.Text.Json;
using AdminPortal.Benchmarks.Portal;
using Microsoft.Playwright;

namespace AdminPortal.Benchmarks.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright (headless, nothing downloaded: <c>ExecutablePath</c> points at the system browser),
/// signed in as the benchmark's administrator through the log-in form, as staff do.
/// </summary>
internal sealed class BrowserBench(string baseUrl) : IAsyncDisposable
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _signedIn;

    private IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not been launched yet.");

    public async Task LaunchAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new BenchmarkException($"No Chromium at {chromium}: install Debian's chromium (./test.sh does) or set CHROMIUM_PATH.");
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-renderer-backgrounding", "--disable-background-timer-throttling"],
        });
    }

    /// <summary>A new context (empty cache); signed in when <paramref name="signedIn"/>, with the cookies of one sign-in.</summary>
    public async Task<IBrowserContext> NewContextAsync(bool signedIn)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = baseUrl,
            ViewportSize = new() { Width = 1440, Height = 900 },
            Locale = "en-GB",
            TimezoneId = "UTC",
            StorageState = signedIn ? await SignedInStateAsync() : null,
        });
        context.SetDefaultTimeout(60_000);
        // Offline: anything not on the portal is refused at once.
        await context.RouteAsync(url => !url.StartsWith(baseUrl, StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal),
            route => route.AbortAsync("internetdisconnected"));
        return context;
    }

    private async Task<string> SignedInStateAsync()
    {
        if (_signedIn is null)
        {
            await using var context = await NewContextAsync(signedIn: false);
            var page = await context.NewPageAsync();
            await page.GotoAsync("/Account/Login");
            await page.Locator("#Input\\.Email").FillAsync(PortalClient.AdminEmail);
            await page.Locator("#Input\\.Password").FillAsync(PortalClient.AdminPassword);
            await page.Locator("#sign-in").ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
            _signedIn = await context.StorageStateAsync();
        }
        return _signedIn;
    }

    /// <summary>Opens <paramref name="path"/> and waits until its Blazor circuit is interactive (the layout's marker).</summary>
    public static async Task<IPage> OpenInteractiveAsync(IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await page.Locator("#circuit-ready[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return page;
    }

    /// <summary>Creates an invite with the generator's invite creator (personal, unlimited uses by default) and returns its path.</summary>
    public async Task<string> CreateInviteAsync(string room)
    {
        await using var context = await NewContextAsync(signedIn: true);
        var page = await OpenInteractiveAsync(context, "/");
        await page.Locator("#room-id").FillAsync(room);
        await page.Locator("#display-name").FillAsync("Bench Visitor");
        await page.Locator("#user-id").FillAsync("bench-visitor");
        await page.Locator("#create-invite").ClickAsync();
        var link = page.Locator("#invite-link");
        await link.WaitForAsync();
        await Assertions.Expect(link).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/j/"));
        return new Uri(await link.InputValueAsync()).AbsolutePath;
    }

    /// <summary>
    /// Generate → QR: after one unmeasured click (which starts the room), <paramref name="clicks"/> clicks, each for a new display
    /// name so the QR changes. Measured in the page from the click until the new QR image is loaded and decoded, with the
    /// WebSocket bytes (both ways, from the Chrome DevTools Protocol) from the click to 250 ms after that moment, and the
    /// upstream calls the measured clicks made.
    /// </summary>
    public async Task<(List<double> Ms, List<double> CircuitBytes, double UpstreamCallsPerClick)> GenerateClicksAsync(string room, int clicks,
        Func<long> upstreamCalls)
    {
        await using var context = await NewContextAsync(signedIn: true);
        var page = await OpenInteractiveAsync(context, "/");
        var frames = await WebSocketBytes.WatchAsync(context, page);
        await page.Locator("#room-id").FillAsync(room);
        await page.Locator("#user-id").FillAsync("bench-generator");
        var times = new List<double>();
        var bytes = new List<double>();
        long calls = 0;
        for (var i = 0; i <= clicks; i++)
        {
            await page.Locator("#display-name").FillAsync($"Bench Person {i}");
            await page.WaitForTimeoutAsync(300); // the field's own round trip settles before the click is measured
            frames.Reset();
            var callsBefore = upstreamCalls();
            var ms = await page.EvaluateAsync<double>(ClickAndWaitForQr);
            await page.WaitForTimeoutAsync(250); // the acknowledgements that follow the render belong to the click too
            if (i > 0)
            {
                times.Add(ms);
                bytes.Add(frames.Total);
                calls += upstreamCalls() - callsBefore;
            }
        }
        return (times, bytes, (double)calls / clicks);
    }

    // A MutationObserver sees the new src at once; decode() resolves when the image can be painted in the next frame.
    private const string ClickAndWaitForQr = """
        () => new Promise((resolve, reject) => {
          const before = document.querySelector('#join-qr')?.getAttribute('src') ?? '';
          let done = false;
          const check = () => {
            const img = document.querySelector('#join-qr');
            if (done || !img || img.getAttribute('src') === before) return;
            done = true;
            observer.disconnect();
            img.decode().then(() => resolve(performance.now() - t0), reject);
          };
          const observer = new MutationObserver(check);
          observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['src'] });
          setTimeout(() => { if (!done) { observer.disconnect(); reject(new Error('no new QR code within 30 s')); } }, 30000);
          const t0 = performance.now();
          document.querySelector('#generate').click();
        })
        """;

    /// <summary>Bytes of every response (CDP <c>Network.loadingFinished.encodedDataLength</c>: headers and body as sent) for a first visit.</summary>
    public async Task<double> FirstLoadBytesAsync(string path, bool signedIn, bool interactive)
    {
        await using var context = await NewContextAsync(signedIn);
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        long total = 0;
        cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
        {
            if (e is { } json && json.TryGetProperty("encodedDataLength", out var length))
            {
                Interlocked.Add(ref total, (long)length.GetDouble());
            }
        };
        await cdp.SendAsync("Network.enable");
        await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
        if (interactive)
        {
            await page.Locator("#circuit-ready[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        return Interlocked.Read(ref total);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}

/// <summary>Counts WebSocket frame bytes (sent and received) of one page through the Chrome DevTools Protocol.</summary>
internal sealed class WebSocketBytes
{
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Reset() => Interlocked.Exchange(ref _total, 0);

    public static async Task<WebSocketBytes> WatchAsync(IBrowserContext context, IPage page)
    {
        var counter = new WebSocketBytes();
        var cdp = await context.NewCDPSessionAsync(page);
        cdp.Event("Network.webSocketFrameSent").OnEvent += (_, e) => counter.Add(e);
        cdp.Event("Network.webSocketFrameReceived").OnEvent += (_, e) => counter.Add(e);
        await cdp.SendAsync("Network.enable");
        return counter;
    }

    // Text frames (opcode 1) carry UTF-8 text; binary frames (Blazor's MessagePack) arrive base64-encoded.
    private void Add(JsonElement? e)
    {
        if (e is not { } json || !json.TryGetProperty("response", out var response) || !response.TryGetProperty("payloadData", out var payload))
        {
            return;
        }
        var data = payload.GetString() ?? "";
        var bytes = response.TryGetProperty("opcode", out var opcode) && opcode.GetDouble() == 2
            ? data.Length / 4 * 3 - (data.EndsWith("==", StringComparison.Ordinal) ? 2 : data.EndsWith('=') ? 1 : 0)
            : System.Text.Encoding.UTF8.GetByteCount(data);
        Interlocked.Add(ref _total, bytes);
    }
}
