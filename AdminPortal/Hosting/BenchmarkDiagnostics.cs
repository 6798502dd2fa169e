using System.Runtime;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace AdminPortal.Hosting;

/// <summary>
/// <c>GET /_bench/heap</c>: the managed heap after a full, compacting collection and the number of open circuits, so the
/// benchmark can measure heap per circuit. Only with <c>Benchmark:Diagnostics=true</c> (the benchmark's configuration) and
/// only for loopback callers: forcing collections on request would let anyone slow the portal down.
/// </summary>
internal static class BenchmarkDiagnostics
{
    public const string HeapPath = "/_bench/heap";
    private const string EnabledKey = "Benchmark:Diagnostics";

    public static IServiceCollection AddBenchmarkDiagnostics(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>(EnabledKey))
        {
            services.AddSingleton<OpenCircuits>();
            services.AddSingleton<CircuitHandler>(provider => provider.GetRequiredService<OpenCircuits>());
        }
        return services;
    }

    public static IEndpointRouteBuilder MapBenchmarkDiagnostics(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<OpenCircuits>() is not { } circuits)
        {
            return endpoints;
        }
        endpoints.MapGet(HeapPath, (HttpContext context) =>
        {
            if (context.Connection.RemoteIpAddress is not { } address || !System.Net.IPAddress.IsLoopback(address))
            {
                return Results.NotFound();
            }
            // Twice, with finalizers in between, so objects freed by finalizers are gone too.
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
            return Results.Json(new
            {
                circuits = circuits.Count,
                heapBytes = GC.GetTotalMemory(forceFullCollection: false),
                heapSizeBytes = info.HeapSizeBytes,
                workingSetBytes = Environment.WorkingSet,
            });
        }).AllowAnonymous();
        return endpoints;
    }

    /// <summary>Counts the circuits that are open now (connected or not yet disposed).</summary>
    internal sealed class OpenCircuits : CircuitHandler
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref count);
            return Task.CompletedTask;
        }

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Decrement(ref count);
            return Task.CompletedTask;
        }
    }
}
