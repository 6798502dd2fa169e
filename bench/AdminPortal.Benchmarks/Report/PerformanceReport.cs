using System.Globalization;
using System.Text;
using AdminPortal.Benchmarks.Load;
using AdminPortal.Benchmarks.Portal;

namespace AdminPortal.Benchmarks.Report;

/// <summary>The console table and <c>docs/performance.md</c>: the command, the machine, the figures and how they are measured.</summary>
internal static class PerformanceReport
{
    public static async Task<string> MarkdownAsync(BenchResults results, BenchOptions options, string command, TimeSpan runTime)
    {
        var md = new StringBuilder();
        md.AppendLine("# Performance");
        md.AppendLine();
        md.AppendLine("Written by the benchmark in `bench/AdminPortal.Benchmarks` from one run; every figure below was measured in that run, and each");
        md.AppendLine("ratio is against the baseline measured in the same run on the same machine. Rerun it to regenerate this file:");
        md.AppendLine();
        md.AppendLine("```bash");
        md.AppendLine(command);
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("## Machine");
        md.AppendLine();
        foreach (var (key, value) in await MachineAsync())
        {
            md.AppendLine($"- {key}: {value}");
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"- run: {runTime.TotalMinutes:0.0} minutes; stub latency {options.LatencyMs} ms per call; {options.LoadSeconds:0.#} s per load level");
        md.AppendLine($"- load average (1, 5, 15 min) at the start: {results.LoadAverageAtStart}; at the end: {results.LoadAverageAtEnd}. On a shared machine other work competes for the cores; the baselines run in the same minutes.");
        md.AppendLine();
        md.AppendLine("## Figures");
        md.AppendLine();
        md.Append(Table(ReportRows.Build(results)));
        foreach (var (figure, reason) in results.NotMeasured)
        {
            md.AppendLine();
            md.AppendLine($"Not measured in this run: {figure} ({reason}).");
        }
        md.AppendLine();
        md.AppendLine("## Load levels");
        md.AppendLine();
        md.AppendLine("| concurrency | invite open p50 | p99 | opens/s | upstream calls per open | errors | bare SDK p50 | p99 | calls/s | errors |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var open in results.Opens)
        {
            var bare = results.BareAt(open.Concurrency);
            md.AppendLine($"| {open.Concurrency} | {ReportRows.Ms(open.P50)} | {ReportRows.Ms(open.P99)} | {ReportRows.N(open.RequestsPerSecond, 0)} | " +
                $"{ReportRows.N(open.UpstreamCallsPerRequest, 2)} | {open.Errors} | {ReportRows.Ms(bare?.P50 ?? double.NaN)} | " +
                $"{ReportRows.Ms(bare?.P99 ?? double.NaN)} | {ReportRows.N(bare?.RequestsPerSecond ?? double.NaN, 0)} | {bare?.Errors} |");
        }
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"The stub refused {results.StubRejected} requests for a bad key or signature during the run.");
        md.AppendLine();
        md.AppendLine("## Webhook receive");
        md.AppendLine();
        md.AppendLine("| concurrency | webhook p50 | p99 | webhooks/s | errors | `/health/live` p50 | p99 | requests/s | errors |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var hook in results.Webhooks)
        {
            var live = results.TrivialAt(hook.Concurrency);
            md.AppendLine($"| {hook.Concurrency} | {ReportRows.Ms(hook.P50, 2)} | {ReportRows.Ms(hook.P99, 2)} | {ReportRows.N(hook.RequestsPerSecond, 0)} | {hook.Errors} | " +
                $"{ReportRows.Ms(live?.P50 ?? double.NaN, 2)} | {ReportRows.Ms(live?.P99 ?? double.NaN, 2)} | {ReportRows.N(live?.RequestsPerSecond ?? double.NaN, 0)} | {live?.Errors} |");
        }
        md.AppendLine();
        md.Append(HowMeasured(options));
        // Hand-written context (what was done, what stands in the way): words only, every number above comes from the run.
        var notes = Path.Combine(PortalPublish.RepositoryRoot, "bench", "notes.md");
        if (File.Exists(notes))
        {
            md.AppendLine();
            md.Append(await File.ReadAllTextAsync(notes));
        }
        return md.ToString();
    }

    /// <summary>The figures as a plain-text table for the console.</summary>
    public static string ConsoleTable(BenchResults results)
    {
        var rows = ReportRows.Build(results);
        var header = new Row("figure", "measured", "baseline (same run)", "ratio", "target", null);
        var all = rows.Prepend(header).Select(r => new[] { Plain(r.Figure), Plain(r.Measured), Plain(r.Baseline), r.Ratio, r.Target, r == header ? "met?" : Plain(r.MetText) }).ToList();
        var widths = Enumerable.Range(0, 6).Select(c => all.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        }
        return text.ToString();
    }

    private static string Plain(string markdown) => markdown.Replace("`", "", StringComparison.Ordinal).Replace("**", "", StringComparison.Ordinal);

    private static string Table(List<Row> rows)
    {
        var md = new StringBuilder();
        md.AppendLine("| figure | measured | baseline in the same run | ratio | target | met? |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            md.AppendLine($"| {row.Figure} | {row.Measured} | {row.Baseline} | {row.Ratio} | {row.Target} | {row.MetText} |");
        }
        return md.ToString();
    }

    private static async Task<List<(string, string)>> MachineAsync()
    {
        static string Line(string file, string prefix) => File.Exists(file)
            ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].Trim(' ', '\t', ':', '"') ?? "unknown"
            : "unknown";
        var memory = Line("/proc/meminfo", "MemTotal");
        var kb = long.TryParse(memory.Split(' ')[0], CultureInfo.InvariantCulture, out var k) ? k : 0;
        var (_, sdk) = await PortalPublish.RunAsync("dotnet", ["--version"], PortalPublish.RepositoryRoot);
        var (_, commit) = await PortalPublish.RunAsync("git", ["log", "-1", "--format=%h %s"], PortalPublish.RepositoryRoot);
        var (_, node) = await PortalPublish.RunAsync("node", ["--version"], PortalPublish.RepositoryRoot);
        return
        [
            ("date", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)),
            ("commit", commit.Trim().Length > 90 ? commit.Trim()[..90] + "…" : commit.Trim()),
            ("CPU", $"{Line("/proc/cpuinfo", "model name")}, {Environment.ProcessorCount} cores (nproc)"),
            ("RAM", kb > 0 ? $"{kb / 1024.0 / 1024.0:0.0} GiB" : memory),
            ("OS", Line("/etc/os-release", "PRETTY_NAME=")),
            (".NET SDK", $"{sdk.Trim()} (runtime {Environment.Version})"),
            ("Node", $"{node.Trim()} with plugnmeet-sdk-js 1.4.1"),
        ];
    }

    private static string HowMeasured(BenchOptions options) => $"""
        ## How it is measured

        - **Portal**: `dotnet publish AdminPortal -c Release` into a temporary folder, run as its own process (`dotnet AdminPortal.dll`,
          Production, `http://127.0.0.1:<free port>`, a fresh SQLite file and key ring in a temporary folder). `Benchmark__Diagnostics=true`
          turns on `GET /_bench/heap` (loopback only: the managed heap after a forced full compacting collection, and the open circuits);
          `Invites__OpensPerMinute` is raised so the load from one address is not rate limited. The first administrator is created as an
          operator does: the setup code is read from the portal's log and entered on `/setup`.
        - **Stub plugNmeet server** (Kestrel on 127.0.0.1, in the benchmark process): checks `API-KEY` and `HASH-SIGNATURE` (lowercase hex
          HMAC-SHA256 of the raw body) and answers plugNmeet's 401 replies to bad ones; answers `room/isRoomActive`, `room/create` and
          `room/getJoinToken` as the contract says (getJoinToken on a room not created: `status:false`, `ROOM_NOT_FOUND`); waits
          {options.LatencyMs} ms before every answer; counts calls per route, which gives the upstream calls per open and per link.
        - **Bare baseline**: `bench/sdk-baseline.js`, the official JS SDK 1.4.1 (`AdminPortal.Tests/JsSdk/node_modules`) making one
          `getJoinToken` call per iteration to the same stub for a room it created first, at each concurrency for {options.LoadSeconds:0.#} s.
        - **Invite opens**: an invite made with the generator's invite creator in Chromium (personal, unlimited uses). Each simulated
          visitor loads the landing page `GET /j/<code>` once (antiforgery cookie and token), then presses Join (`POST /j/<code>`) again
          and again for {options.LoadSeconds:0.#} s, each press with a fresh 128-bit nonce as a newly loaded landing page carries; a press
          counts when it is answered 303 (to the conference), anything else is an error. Latency is the POST's; opens/s are successful
          presses per second of wall time. p50/p99 are nearest-rank percentiles.
        - **Webhook receive** (issue 13: "answer within a few milliseconds, store, then process"): `Webhooks__RequestsPerMinute` is
          raised like the invite budget. Each of 1 and 8 clients (one HttpClient and connection each) sends `POST /webhooks/plugnmeet`
          back to back for {options.LoadSeconds:0.#} s: a `participant_joined` `CommonNotifyEvent` with a fresh event id and participant
          (so each one is stored), signed as plugNmeet signs (HS256 with the stub's key and secret, `iss` = the key, five minutes,
          `sha256` = standard base64 of the body's SHA-256; the token in `Authorization` and `Hash-Token`), built and signed before its
          clock starts. Only a 200 counts; anything else is an error. The baseline, run just before each level by the same clients
          against the same portal process, is `GET /health/live`, its most trivial endpoint, so the ratio is the portal's own work
          per webhook (verification, parsing, one lookup and one insert) over an HTTP round trip. Afterwards the events of the
          benchmark's room are counted in the SQLite file: one row per webhook answered 200 (1 s of warm-up included).
        - **Generate → QR**: Chromium (Playwright .NET, `/usr/bin/chromium`, headless), signed in, on `/`. One unmeasured click starts
          the room; then for each of {options.Clicks} clicks a new display name is typed (not timed) and the page itself times from the
          click to the moment the new QR `<img>` has its new `src` and `decode()` has resolved (the next frame paints it). Bytes per
          click are the WebSocket frames sent and received from the click to 250 ms after it (Chrome DevTools Protocol
          `Network.webSocketFrameSent/Received`, payload bytes, binary frames counted decoded; a tick of the link's countdown may fall
          in that window); medians are reported. Upstream calls per link are the stub's calls during the measured clicks.
        - **First load, cold cache**: a new browser context (empty cache), the sum of `Network.loadingFinished.encodedDataLength`
          (bytes on the wire, headers included) until the network is idle: `/Account/Login` signed out, `/` signed in (the sign-in
          cookie copied into the new context) until its circuit is interactive. WebSocket traffic is not included.
        - **Heap per idle circuit**: `/_bench/heap` read before opening pages and after opening N signed-in generator pages (10 per
          browser context, one browser), (after − before) ÷ N; the pages are added to those already open (N = {string.Join(", ", options.Circuits)}).
        - **`/invites`**: the portal has no HTTP API to create invites in bulk and the page is too slow for 1,000, so the benchmark
          copies the invite the portal created {options.Invites - 1} times inside the SQLite file (every column as the portal wrote it;
          a new random code hash, name, user id and one of 50 rooms per copy). Then {options.InviteTabs} signed-in `/invites` tabs are
          opened (each waits for its circuit and the invites table) and the heap is read as above.
        - **Bulk creation** (issue 14: "1,000 invites at most 10 s on this 2-core machine"): the page is Blazor and there is no
          HTTP API for a batch, so the benchmark runs the portal's own services in its process (`AddPortal`, Production, the
          portal's appsettings.json, Release build) on a fresh SQLite file made by the portal's migrations, with an administrator
          made as `/setup` makes one. {options.BulkRows:N0} rows (name; user id for every other row; e-mail for two in three; `;`-separated)
          are parsed by `BulkCsv` and checked by `BulkPreview` as on the page (not timed); `BulkInviteCreator.CreateAsync` is timed
          from call to return (chunks of 200, one transaction each, one audit entry per invite and one for the batch, every
          invite's link built), then the invites and audit entries stored for the batch are counted. The baseline is what staff
          did before: the same rows created one by one with `InviteService.CreateAsync` (one scope and one transaction per
          invite, its audit entry and QR code). After an unmeasured warm-up (200 rows and 20 single invites), batch and baseline
          alternate, each in its own room, {options.BulkRuns} times; medians are reported. The portal process is stopped by then.
        - **Cold start**: from `Process.Start` of `dotnet AdminPortal.dll` to the first 200 answer of `/health/live` (polled every 5 ms),
          on a database created by one unmeasured start before; median of {options.Starts}, for the publish every other figure uses
          (`dotnet publish -c Release`, which compiles ReadyToRun for this machine) and, as the baseline, `-p:PublishReadyToRun=false`.
        - The test suite asserts no timings; this benchmark is the only place they are measured.
        """;
}
