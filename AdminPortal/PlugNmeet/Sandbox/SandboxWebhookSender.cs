using System.Net;
using System.Net.Http.Headers;

namespace AdminPortal.PlugNmeet.Sandbox;

/// <summary>
/// Posts the sandbox's queued notifications to each room's webhook address, one at a time in the order they happened, signed
/// with the sandbox's API key and secret as plugnmeet-protocol's <c>webhook/notifier.go</c> signs them. A failed or 5xx delivery
/// is retried like go-retryablehttp does; the token and body never reach a log line.
/// </summary>
internal sealed class SandboxWebhookSender(SandboxWebhooks queue, IHttpClientFactory clients, PlugNmeetConnection connection,
    TimeProvider time, ILogger<SandboxWebhookSender> logger) : BackgroundService
{
    public const string HttpClientName = "sandbox-webhooks";

    /// <summary>How long one delivery attempt may take.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt.</summary>
    public const int MaxRetries = 3;

    // Short, doubling waits between attempts (go-retryablehttp starts at 1 s; a sandbox need not wait that long).
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var notification in queue.Reader.ReadAllAsync(stoppingToken))
        {
            await DeliverAsync(notification, stoppingToken);
        }
    }

    /// <summary>Sends one notification with its retries; true when the receiver accepted it. Never throws but for shutdown.</summary>
    internal async Task<bool> DeliverAsync(SandboxNotification notification, CancellationToken cancellationToken)
    {
        var roomId = notification.Room.RoomId;
        if (notification.NumDropped > 0)
        {
            logger.LogWarning("The sandbox's webhook queue was full: {Dropped} events before {Event} for room {RoomId} were dropped",
                notification.NumDropped, notification.Event, roomId);
        }
        try
        {
            var address = SandboxWebhooks.Address(notification.Room)!;
            var body = SandboxWebhookBody.Serialize(notification, Guid.NewGuid().ToString());
            var token = SandboxWebhookBody.Token(body, connection.SandboxApiKey, connection.SandboxApiSecret, time.GetUtcNow());
            var http = clients.CreateClient(HttpClientName);
            for (var attempt = 0; attempt <= MaxRetries; attempt++)
            {
                if (attempt > 0)
                {
                    // Wall-clock waiting, not the portal's TimeProvider (the business clock that tests hold still).
                    await Task.Delay(FirstBackoff * (1 << (attempt - 1)), TimeProvider.System, cancellationToken);
                }
                if (await AttemptAsync(http, address, body, token, cancellationToken) is { } status && !ShouldRetry(status))
                {
                    return (int)status is >= 200 and < 300;
                }
            }
            logger.LogWarning("The sandbox could not deliver webhook {Event} for room {RoomId} after {Attempts} attempts",
                notification.Event, roomId, MaxRetries + 1);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The sandbox could not send webhook {Event} for room {RoomId} ({Error})", notification.Event, roomId, ex.GetType().Name);
        }
        return false;
    }

    /// <summary>The receiver's status, or null when the request failed (no connection, timeout).</summary>
    private static async Task<HttpStatusCode?> AttemptAsync(HttpClient http, Uri address, byte[] body, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = new ByteArrayContent(body) };
        // notifier.go sets Content-Type application/json (it was application/webhook+json before plugnmeet-protocol 1.5.0).
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Authorization", token);
        request.Headers.TryAddWithoutValidation("Hash-Token", token); // the same token: some proxies strip Authorization
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    // go-retryablehttp's DefaultRetryPolicy: a failed request, 429, or any 5xx but 501 is tried again.
    private static bool ShouldRetry(HttpStatusCode? status) =>
        status is null or HttpStatusCode.TooManyRequests || (int)status >= 500 && status != HttpStatusCode.NotImplemented;
}
