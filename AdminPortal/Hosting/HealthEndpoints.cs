using System.Text.Json;
using AdminPortal.Data;
using AdminPortal.PlugNmeet;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AdminPortal.Hosting;

/// <summary>
/// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (database usable; plugNmeet reachable, reported as
/// Degraded when not). Anonymous, never cached, and their bodies name only checks and statuses: no addresses, versions or secrets.
/// </summary>
internal static class HealthEndpoints
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    private const string ReadyTag = "ready";

    public static IServiceCollection AddPortalHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            // A query, not just opening the connection: SQLite opens almost anything, and the portal needs its tables.
            .AddDbContextCheck<ApplicationDbContext>("database", HealthStatus.Unhealthy, [ReadyTag],
                async (db, cancellationToken) =>
                {
                    await db.Users.AnyAsync(cancellationToken);
                    return true;
                })
            .AddCheck<PlugNmeetHealthCheck>("plugnmeet", HealthStatus.Degraded, [ReadyTag], TimeSpan.FromSeconds(5));
        return services;
    }

    public static IEndpointRouteBuilder MapPortalHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteAsync,
            // Degraded still takes traffic: invites already handed out fail kindly, and staff see why.
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();
        return endpoints;
    }

    /// <summary><c>{"status":"Degraded","checks":{"database":"Healthy","plugnmeet":"Degraded"}}</c>: names and statuses only.</summary>
    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteString(name, entry.Status.ToString());
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
