using AdminPortal.Benchmarks.Browser;
using AdminPortal.Benchmarks.Bulk;
using AdminPortal.Benchmarks.Load;
using AdminPortal.Benchmarks.Portal;
using AdminPortal.Benchmarks.Report;
using AdminPortal.Benchmarks.Stub;

namespace AdminPortal.Benchmarks;

/// <summary>One benchmark run, step by step, each step saying what it does on the console.</summary>
internal static class BenchRun
{
    public static async Task<BenchResults> RunAsync(BenchOptions options, string work)
    {
        var results = new BenchResults { LoadAverageAtStart = BenchResults.LoadAverage() };
        if (options.BulkOnly)
        {
            await BulkAsync(options, work, results);
            results.LoadAverageAtEnd = BenchResults.LoadAverage();
            return results;
        }
        await SdkBaseline.EnsureInstalledAsync();
        var secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        await using var stub = new StubPlugNmeet("bench-key", secret, TimeSpan.FromMilliseconds(options.LatencyMs));
        await stub.StartAsync();

        Step("Publishing the portal (dotnet publish -c Release: ReadyToRun, as operators get it)");
        var dll = await PortalPublish.PublishAsync(Path.Combine(work, "publish"), readyToRun: true);
        var data = Path.Combine(work, "data");
        await using (var portal = new PortalProcess(dll, data, stub))
        {
            Step("Starting the portal and creating the administrator through /setup");
            await portal.StartAsync();
            using var admin = new PortalClient(portal.BaseUrl);
            await admin.SetUpAsync(await portal.SetupCodeAsync());

            await using var browser = new BrowserBench(portal.BaseUrl);
            await browser.LaunchAsync();
            Step("Creating an invite with the generator's invite creator");
            var invite = await browser.CreateInviteAsync("bench-invites");

            await LoadAsync(options, stub, portal.BaseUrl, invite, results);
            await WebhooksAsync(options, stub, portal.BaseUrl, Path.Combine(data, "portal.db"), results);
            await BrowserFiguresAsync(options, stub, browser, admin, results);

            Step($"Adding invites to the database up to {options.Invites:N0}, then {options.InviteTabs} /invites tabs");
            results.InvitesInDatabase = 1 + await InviteRows.CopyAsync(Path.Combine(data, "portal.db"), options.Invites - 1);
            await TryAsync(results, "/invites heap per tab", async () => results.InvitesHeap = await new CircuitMemory(browser, admin)
                .PerPageAsync("/invites", [options.InviteTabs], page => page.Locator("#invites-table tbody tr").First.WaitForAsync()));
        }

        await TryAsync(results, "bulk creation", () => BulkAsync(options, work, results));

        Step($"Cold starts of the published portal ({options.Starts} measured)");
        results.ReadyToRunStartsMs = await ColdStart.MeasureAsync(dll, Path.Combine(work, "start-r2r"), stub, options.Starts);
        if (options.ReadyToRun)
        {
            Step("Publishing without ReadyToRun (-p:PublishReadyToRun=false, the baseline) and its cold starts");
            try
            {
                var il = await PortalPublish.PublishAsync(Path.Combine(work, "publish-il"), readyToRun: false);
                results.StartsMs = await ColdStart.MeasureAsync(il, Path.Combine(work, "start"), stub, options.Starts);
            }
            catch (BenchmarkException ex)
            {
                results.ReadyToRunProblem = ex.Message.Split('\n').FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))?.Trim()
                    ?? "the publish without ReadyToRun failed";
                Console.WriteLine(ex.Message);
            }
        }
        results.StubRejected = stub.Rejected;
        results.LoadAverageAtEnd = BenchResults.LoadAverage();
        return results;
    }

    private static async Task LoadAsync(BenchOptions options, StubPlugNmeet stub, string baseUrl, string invite, BenchResults results)
    {
        var duration = TimeSpan.FromSeconds(options.LoadSeconds);
        foreach (var concurrency in options.Concurrency)
        {
            Step($"Bare JS SDK getJoinToken, {concurrency} concurrent, {options.LoadSeconds:0.#} s");
            var bare = await SdkBaseline.RunAsync(stub, concurrency, duration);
            results.Bare.Add(bare);
            Detail(bare);
        }
        Step("Warming the portal up (1 s of invite opens, not counted)");
        await InviteLoad.RunAsync(baseUrl, invite, 4, TimeSpan.FromSeconds(1), stub);
        foreach (var concurrency in options.Concurrency)
        {
            Step($"Invite opens, {concurrency} concurrent, {options.LoadSeconds:0.#} s");
            var opens = await InviteLoad.RunAsync(baseUrl, invite, concurrency, duration, stub);
            results.Opens.Add(opens);
            Detail(opens);
        }
    }

    /// <summary>Webhook receive at 1 and 8 concurrent, each level after its baseline (<c>GET /health/live</c>, same process and client).</summary>
    private static async Task WebhooksAsync(BenchOptions options, StubPlugNmeet stub, string baseUrl, string database, BenchResults results)
    {
        var duration = TimeSpan.FromSeconds(options.LoadSeconds);
        Step("Warming up webhook receive and /health/live (1 s each, not counted)");
        await WebhookLoad.TrivialAsync(baseUrl, 4, TimeSpan.FromSeconds(1));
        results.WebhooksAccepted += (await WebhookLoad.WebhooksAsync(baseUrl, stub.ApiKey, stub.ApiSecret, 4, TimeSpan.FromSeconds(1))).LatenciesMs.Count;
        foreach (var concurrency in WebhookConcurrency)
        {
            Step($"GET /health/live (the baseline), {concurrency} concurrent, {options.LoadSeconds:0.#} s");
            var trivial = await WebhookLoad.TrivialAsync(baseUrl, concurrency, duration);
            results.Trivial.Add(trivial);
            Detail(trivial);
            Step($"Signed webhooks (participant_joined), {concurrency} concurrent, {options.LoadSeconds:0.#} s");
            var webhooks = await WebhookLoad.WebhooksAsync(baseUrl, stub.ApiKey, stub.ApiSecret, concurrency, duration);
            results.Webhooks.Add(webhooks);
            results.WebhooksAccepted += webhooks.LatenciesMs.Count;
            Detail(webhooks);
        }
        results.WebhooksStored = await WebhookLoad.StoredAsync(database);
        Console.WriteLine($"    {results.WebhooksStored:N0} events stored for {results.WebhooksAccepted:N0} webhooks answered 200");
    }

    /// <summary>Issue 14's bulk creation, with the portal process stopped so it competes only with the rest of the machine.</summary>
    private static async Task BulkAsync(BenchOptions options, string work, BenchResults results)
    {
        Step($"Bulk creation: {options.BulkRows:N0} invites as one batch and one at a time, {options.BulkRuns} runs each (the portal's services in this process)");
        results.Bulk = await BulkCreation.MeasureAsync(Path.Combine(work, "bulk"), options.BulkRows, options.BulkRuns, Console.WriteLine);
    }

    /// <summary>The levels of the webhook figure: one delivery at a time, and a busy server's burst.</summary>
    public static readonly int[] WebhookConcurrency = [1, 8];

    private static async Task BrowserFiguresAsync(BenchOptions options, StubPlugNmeet stub, BrowserBench browser, PortalClient admin, BenchResults results)
    {
        Step($"Generate → QR in Chromium ({options.Clicks} clicks)");
        await TryAsync(results, "generate → QR", async () =>
        {
            (results.ClickMs, results.ClickBytes, results.CallsPerLink) =
                await browser.GenerateClicksAsync("bench-generator", options.Clicks, () => StubPlugNmeet.Total(stub.Calls()));
            Console.WriteLine($"    median {LoadResult.Median(results.ClickMs):0.0} ms, {LoadResult.Median(results.ClickBytes):0} bytes per click");
        });

        Step("First load with a cold cache: login and generator");
        await TryAsync(results, "first load", async () =>
        {
            var login = await browser.FirstLoadBytesAsync("/Account/Login", signedIn: false, interactive: false);
            (results.LoginBytes, results.GeneratorBytes) = (login, await browser.FirstLoadBytesAsync("/", signedIn: true, interactive: true));
            Console.WriteLine($"    login {results.LoginBytes / 1024:0} KiB, generator {results.GeneratorBytes / 1024:0} KiB");
        });

        Step($"Heap per idle generator circuit at {string.Join(", ", options.Circuits)} pages");
        await TryAsync(results, "heap per generator circuit", async () =>
        {
            results.GeneratorHeap = await new CircuitMemory(browser, admin).PerPageAsync("/", options.Circuits);
            foreach (var (pages, perPage, circuits) in results.GeneratorHeap)
            {
                Console.WriteLine($"    {pages} pages: {perPage / 1024:0} KB per page ({circuits} circuits)");
            }
        });
    }

    /// <summary>
    /// Runs one browser figure; when the page no longer has what the benchmark waits for (an element id changed), the figure is
    /// reported as not measured, with the reason, instead of ending the whole run.
    /// </summary>
    private static async Task TryAsync(BenchResults results, string figure, Func<Task> measure)
    {
        try
        {
            await measure();
        }
        catch (Exception ex) when (ex is Microsoft.Playwright.PlaywrightException or TimeoutException or BenchmarkException)
        {
            var reason = ex.Message.Split('\n')[0].Trim();
            results.NotMeasured.Add((figure, reason));
            Console.WriteLine($"    not measured: {reason}");
        }
    }

    private static void Step(string text) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");

    private static void Detail(LoadResult r) => Console.WriteLine(double.IsNaN(r.UpstreamCallsPerRequest)
        ? $"    p50 {r.P50:0.00} ms, p99 {r.P99:0.00} ms, {r.RequestsPerSecond:0}/s, {r.Errors} errors"
        : $"    p50 {r.P50:0.0} ms, p99 {r.P99:0.0} ms, {r.RequestsPerSecond:0}/s, {r.UpstreamCallsPerRequest:0.00} upstream calls each, {r.Errors} errors");
}
