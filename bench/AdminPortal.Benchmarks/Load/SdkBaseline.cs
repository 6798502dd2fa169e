using System.Text.Json;
using System.Text.Json.Serialization;
using AdminPortal.Benchmarks.Portal;
using AdminPortal.Benchmarks.Stub;

namespace AdminPortal.Benchmarks.Load;

/// <summary>The bare baseline: the official JS SDK's getJoinToken against the same stub (bench/sdk-baseline.js).</summary>
internal static class SdkBaseline
{
    private static string JsSdkFolder => Path.Combine(PortalPublish.RepositoryRoot, "AdminPortal.Tests", "JsSdk");

    /// <summary>Installs the SDK (npm ci --ignore-scripts, as ./test.sh does) when it is missing.</summary>
    public static async Task EnsureInstalledAsync()
    {
        if (Directory.Exists(Path.Combine(JsSdkFolder, "node_modules", "plugnmeet-sdk-js")))
        {
            return;
        }
        Console.WriteLine("The plugNmeet JS SDK is not installed: running npm ci --ignore-scripts in AdminPortal.Tests/JsSdk (./test.sh does the same).");
        var (exitCode, output) = await PortalPublish.RunAsync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], JsSdkFolder);
        if (exitCode != 0)
        {
            throw new BenchmarkException($"Could not install the JS SDK; run ./test.sh once, then the benchmark again.\n{output}");
        }
    }

    public static async Task<LoadResult> RunAsync(StubPlugNmeet stub, int concurrency, TimeSpan duration)
    {
        var script = Path.Combine(PortalPublish.RepositoryRoot, "bench", "sdk-baseline.js");
        var room = $"bare-{concurrency}-{Guid.NewGuid():N}"[..24];
        var seconds = duration.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (exitCode, output) = await PortalPublish.RunAsync("node",
            [script, stub.BaseUrl, stub.ApiKey, stub.ApiSecret, room, concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture), seconds],
            PortalPublish.RepositoryRoot);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith('{'));
        if (exitCode != 0 || line is null)
        {
            throw new BenchmarkException($"The JS SDK baseline failed ({exitCode}):\n{output}");
        }
        var result = JsonSerializer.Deserialize<Output>(line)!;
        return new LoadResult(concurrency, result.Latencies, result.Errors, TimeSpan.FromSeconds(result.Seconds), 1);
    }

    private sealed record Output(
        [property: JsonPropertyName("seconds")] double Seconds,
        [property: JsonPropertyName("errors")] int Errors,
        [property: JsonPropertyName("latencies_ms")] double[] Latencies);
}
