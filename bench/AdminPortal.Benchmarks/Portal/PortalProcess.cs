using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using AdminPortal.Benchmarks.Stub;

namespace AdminPortal.Benchmarks.Portal;

/// <summary>
/// The published portal running as its own process, as in production: Production environment, 127.0.0.1 on a free port, its
/// SQLite file and key ring in <paramref name="dataFolder"/>, plugNmeet pointed at the stub, and the benchmark-only
/// <c>/_bench/heap</c> endpoint switched on.
/// </summary>
internal sealed partial class PortalProcess(string dll, string dataFolder, StubPlugNmeet stub) : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    public string BaseUrl { get; private set; } = "";

    /// <summary>From <c>Process.Start</c> to the first 200 answer of <c>/health/live</c>.</summary>
    public TimeSpan StartTime { get; private set; }

    public async Task StartAsync()
    {
        Directory.CreateDirectory(dataFolder);
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = BaseUrl,
                ["ConnectionStrings__DefaultConnection"] = $"DataSource={Path.Combine(dataFolder, "portal.db")}",
                ["Benchmark__Diagnostics"] = "true",
                // The load comes from one address; the per-address budget would otherwise answer 429 after 120 requests.
                ["Invites__OpensPerMinute"] = "100000000",
                ["Webhooks__RequestsPerMinute"] = "100000000",
                ["PlugNmeet__ServerUrl"] = stub.BaseUrl,
                ["PlugNmeet__ApiKey"] = stub.ApiKey,
                ["PlugNmeet__ApiSecret"] = stub.ApiSecret,
                // Join links are never followed here; the portal only accepts an https client address (or localhost).
                ["PlugNmeet__ClientUrl"] = "https://meet.example.com",
                ["Logging__Console__FormatterName"] = "simple",
            },
        };
        start.ArgumentList.Add(dll);
        var clock = Stopwatch.StartNew();
        _process = Process.Start(start) ?? throw new BenchmarkException("Could not start the portal.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            if (_process.HasExited)
            {
                throw new BenchmarkException($"The portal stopped at start ({_process.ExitCode}):\n{string.Join('\n', _log)}");
            }
            try
            {
                using var live = await http.GetAsync(BaseUrl + "/health/live");
                if (live.StatusCode == HttpStatusCode.OK)
                {
                    StartTime = clock.Elapsed;
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }
            if (clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new BenchmarkException($"The portal did not answer /health/live within two minutes:\n{string.Join('\n', _log)}");
            }
            await Task.Delay(5);
        }
    }

    /// <summary>The one-time setup code the portal writes to its log while no account exists, read as an operator reads it.</summary>
    public async Task<string> SetupCodeAsync()
    {
        for (var waited = 0; waited < 200; waited++)
        {
            if (_log.Select(line => SetupCode().Match(line)).FirstOrDefault(m => m.Success) is { } match)
            {
                return match.Value;
            }
            await Task.Delay(50);
        }
        throw new BenchmarkException("The portal logged no setup code (does the database already hold an account?).");
    }

    private void Keep(string? line)
    {
        if (line is not null && _log.Count < 5000)
        {
            _log.Enqueue(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("[A-Z2-9]{5}(-[A-Z2-9]{5}){3}")]
    private static partial Regex SetupCode();

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
    }
}
