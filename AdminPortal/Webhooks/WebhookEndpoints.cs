using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AdminPortal.Data;
using AdminPortal.Hosting;
using AdminPortal.Limits;
using AdminPortal.PlugNmeet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminPortal.Webhooks;

/// <summary>
/// <c>POST /webhooks/plugnmeet</c>: anonymous, rate-limited per client address, body capped at 64 KB. A request is verified
/// (<see cref="WebhookVerifier"/>) before its body is parsed; anything unverified gets a bare 401, is counted, and is not stored.
/// A verified event is stored once per event id and answered at once; a retried delivery is answered 200 again.
/// </summary>
public static class WebhookEndpoints
{
    public const string Path = "/webhooks/plugnmeet";

    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName)
            .Validate(o => o.RequestsPerMinute > 0, "Webhooks:RequestsPerMinute must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<WebhookMetrics>();
        return services;
    }

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext context, PlugNmeetConnection connection, IRateCounter rates,
        IDbContextFactory<ApplicationDbContext> databases, WebhookMetrics metrics, IOptions<WebhookOptions> options, TimeProvider time,
        ILoggerFactory loggers)
    {
        // A bare status for a machine: no re-executed "not found" page (which, as a POST, would itself become a 400).
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }
        var window = await rates.HitAsync("webhooks:" + ClientAddresses.Partition(context.Connection.RemoteIpAddress),
            TimeSpan.FromMinutes(1), context.RequestAborted);
        if (window.Count > options.Value.RequestsPerMinute)
        {
            metrics.Rejected("rate_limited");
            return Results.StatusCode(StatusCodes.Status429TooManyRequests);
        }
        var (body, readStatus) = await LimitedBody.ReadAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            metrics.Rejected(readStatus == StatusCodes.Status413PayloadTooLarge ? "too_large" : "unreadable");
            return Results.StatusCode(readStatus == StatusCodes.Status413PayloadTooLarge ? readStatus : StatusCodes.Status400BadRequest);
        }
        var now = time.GetUtcNow();
        var rejection = WebhookVerifier.Verify(context.Request.Headers.Authorization.ToString(), context.Request.Headers["Hash-Token"].ToString(),
            body, connection.ApiKey, connection.ApiSecret, now);
        if (rejection != WebhookRejection.None)
        {
            metrics.Rejected(rejection.ToString());
            loggers.CreateLogger(typeof(WebhookEndpoints)).LogWarning("Refused a webhook from {Client}: {Reason}",
                ClientAddresses.Partition(context.Connection.RemoteIpAddress), rejection);
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }
        if (Read(body, now) is not { } received)
        {
            metrics.Rejected("not_an_event");
            return Results.StatusCode(StatusCodes.Status400BadRequest);
        }
        await using var db = await databases.CreateDbContextAsync(context.RequestAborted);
        if (!await db.WebhookEvents.AnyAsync(e => e.EventId == received.EventId, context.RequestAborted))
        {
            db.WebhookEvents.Add(received);
            try
            {
                await db.SaveChangesAsync(context.RequestAborted);
            }
            catch (DbUpdateException)
            {
                // The same delivery arrived twice at once (a retry, or two instances): one row is all it takes. Anything else
                // is a real failure, and plugNmeet will retry it.
                db.ChangeTracker.Clear();
                if (!await db.WebhookEvents.AsNoTracking().AnyAsync(e => e.EventId == received.EventId, context.RequestAborted))
                {
                    throw;
                }
            }
        }
        metrics.Accepted(received.Event);
        return Results.Ok();
    }

    /// <summary>The fields attendance needs from a verified <c>CommonNotifyEvent</c> (protojson, proto names), or null when it is not one.</summary>
    internal static WebhookEvent? Read(byte[] body, DateTimeOffset receivedAt)
    {
        try
        {
            using var json = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            // Without an id (older servers), the body's hash stands in: a retried delivery resends the same bytes.
            var participant = Child(root, "participant");
            var eventId = Text(root, "id") is { Length: > 0 and <= WebhookEvent.EventIdMaxLength } id ? id : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));
            return new WebhookEvent
            {
                EventId = eventId,
                Event = Cut(Text(root, "event"), WebhookEvent.NameMaxLength) ?? "",
                RoomId = Cut(Text(Child(root, "room"), "room_id"), WebhookEvent.NameMaxLength),
                RoomSid = Cut(Text(Child(root, "room"), "sid"), WebhookEvent.NameMaxLength),
                UserId = Cut(Text(participant, "identity"), WebhookEvent.NameMaxLength),
                UserName = Cut(Text(participant, "name"), WebhookEvent.NameMaxLength),
                ParticipantSid = Cut(Text(participant, "sid"), WebhookEvent.NameMaxLength),
                ParticipantJoinedAt = Time(participant, "joined_at"),
                Hidden = participant is { } p && Child(p, "permission") is { } permission && permission.TryGetProperty("hidden", out var hidden)
                    && hidden.ValueKind is JsonValueKind.True or JsonValueKind.False ? hidden.GetBoolean() : null,
                CreatedAt = Time(root, "created_at"),
                ReceivedAt = receivedAt,
                NumDropped = (int)Math.Clamp(Number(root, "num_dropped") ?? 0, 0, int.MaxValue),
                Body = Encoding.UTF8.GetString(body),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonElement? Child(JsonElement root, string name) =>
        root.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Object ? child : null;

    private static string? Text(JsonElement? element, string name) =>
        element is { } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Unix seconds (plugNmeet's <c>created_at</c>, LiveKit's <c>joined_at</c>) within DateTimeOffset's range.</summary>
    private static DateTimeOffset? Time(JsonElement? element, string name) =>
        element is { } e && Number(e, name) is { } seconds and > 0 and < 253_402_300_799 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    // protojson writes int64 as a string and int32 as a number; either is read.
    private static long? Number(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n
        : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), out var s) ? s
        : null;

    private static string? Cut(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}

/// <summary>Webhook requests by outcome: accepted per event name, rejected per reason (never the body, room or person).</summary>
internal sealed class WebhookMetrics(IMeterFactory meters)
{
    private readonly Counter<long> _received = meters.Create(Telemetry.MeterName).CreateCounter<long>("adminportal.webhooks", "{request}",
        "plugNmeet webhook requests: accepted (by event) or rejected (by reason: MissingToken, BadSignature, WrongIssuer, Expired, BodyMismatch, rate_limited, …).");

    public void Accepted(string eventName) => _received.Add(1, new("outcome", "accepted"), new("event", eventName));

    public void Rejected(string reason) => _received.Add(1, new("outcome", "rejected"), new("reason", reason));
}
