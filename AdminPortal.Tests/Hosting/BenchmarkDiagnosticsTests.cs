using System.Net;
using System.Text.Json;
using AdminPortal.Hosting;
using AdminPortal.Tests.TestHelpers;

namespace AdminPortal.Tests.Hosting;

/// <summary>The heap endpoint the benchmark reads exists only in the benchmark's configuration.</summary>
public sealed class BenchmarkDiagnosticsTests
{
    [Fact]
    public async Task Without_the_benchmark_setting_there_is_no_heap_endpoint()
    {
        await using var portal = new PortalFactory();
        using var http = new PortalHttp(portal);

        var response = await http.GetAsync(BenchmarkDiagnostics.HeapPath.TrimStart('/'));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task With_the_benchmark_setting_it_reports_the_heap_after_a_full_collection_and_the_open_circuits()
    {
        await using var portal = new PortalFactory();
        portal.Settings["Benchmark:Diagnostics"] = "true";
        using var http = new PortalHttp(portal);

        var response = await http.GetAsync(BenchmarkDiagnostics.HeapPath.TrimStart('/'));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(0, json.RootElement.GetProperty("circuits").GetInt32());
        Assert.True(json.RootElement.GetProperty("heapBytes").GetInt64() > 1_000_000, "a running portal holds more than a megabyte");
    }
}
