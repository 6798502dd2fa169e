using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace AdminPortal.Hosting;

/// <summary>The portal's own meter and its export through OpenTelemetry.</summary>
internal static class Telemetry
{
    /// <summary>Name of the meter every portal instrument belongs to.</summary>
    public const string MeterName = "AdminPortal";

    /// <summary>The standard OpenTelemetry variable: set, metrics are pushed over OTLP; unset, nothing leaves the process.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>One small instrument class per feature, each on <see cref="MeterName"/>.</summary>
    public static IServiceCollection AddPortalMetrics(this IServiceCollection services) => services
        .AddSingleton<JoinLinks.JoinLinkMetrics>()
        .AddSingleton<Invites.InviteMetrics>()
        .AddSingleton<Audit.AuditMetrics>();

    /// <summary>
    /// The portal's instruments, and their export with ASP.NET Core's and HttpClient's own meters when an OTLP endpoint is set.
    /// Without one nothing is exported, so nothing is aggregated either (that would cost every request for no reader).
    /// </summary>
    public static IServiceCollection AddPortalTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPortalMetrics();
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]))
        {
            services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(MeterName)
                // ASP.NET Core and HttpClient publish these meters themselves on .NET 8 and later; no instrumentation package needed.
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
                    "Microsoft.AspNetCore.Diagnostics", "System.Net.Http", "System.Net.NameResolution"))
                .UseOtlpExporter();
        }
        return services;
    }
}
