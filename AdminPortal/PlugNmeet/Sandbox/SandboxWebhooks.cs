using System.Threading.Channels;

namespace AdminPortal.PlugNmeet.Sandbox;

/// <summary>
/// A change in the sandbox that plugNmeet would report by webhook (contract §11), with the time it happened and the number
/// of participants online right after it.
/// </summary>
public sealed record SandboxNotification(string Event, SandboxRoom Room, SandboxPresence? Presence, int NumParticipants, DateTimeOffset At)
{
    public const string RoomStarted = "room_started";
    public const string ParticipantJoined = "participant_joined";
    public const string ParticipantLeft = "participant_left";
    public const string RoomFinished = "room_finished";

    /// <summary>How many notifications the full queue dropped just before this one (sent as <c>num_dropped</c> when not 0).</summary>
    public long NumDropped { get; init; }
}

/// <summary>
/// The sandbox's outgoing webhook queue: bounded and in memory, filled by <see cref="SandboxState"/> under its lock and drained
/// in order by <see cref="SandboxWebhookSender"/>. Only rooms created with an http(s) <c>metadata.webhook_url</c> report anything.
/// </summary>
public sealed class SandboxWebhooks
{
    /// <summary>How many notifications may wait; beyond it they are dropped and counted into the next one.</summary>
    public const int DefaultCapacity = 1000;

    private readonly Channel<SandboxNotification> _queue;
    private long _dropped;

    public SandboxWebhooks() : this(DefaultCapacity)
    {
    }

    internal SandboxWebhooks(int capacity) =>
        _queue = Channel.CreateBounded<SandboxNotification>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    internal ChannelReader<SandboxNotification> Reader => _queue.Reader;

    /// <summary>Queues the notification without waiting; a full queue drops it and tells the next one how many were lost.</summary>
    internal void Enqueue(SandboxNotification notification)
    {
        if (Address(notification.Room) is null)
        {
            return;
        }
        var dropped = Interlocked.Exchange(ref _dropped, 0);
        if (!_queue.Writer.TryWrite(notification with { NumDropped = dropped }))
        {
            Interlocked.Add(ref _dropped, dropped + 1);
        }
    }

    /// <summary>The room's per-meeting webhook address, when it has one the sandbox can post to.</summary>
    internal static Uri? Address(SandboxRoom room) =>
        Uri.TryCreate(room.Settings.WebhookUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;
}

/// <summary>Wiring of the sandbox's webhooks: the queue <see cref="SandboxState"/> fills, and the service that delivers it.</summary>
internal static class SandboxWebhooksHosting
{
    public static IServiceCollection AddSandboxWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<SandboxWebhooks>();
        services.AddHostedService<SandboxWebhookSender>();
        // One attempt's deadline; retries come on top (SandboxWebhookSender).
        services.AddHttpClient(SandboxWebhookSender.HttpClientName, http => http.Timeout = SandboxWebhookSender.AttemptTimeout);
        return services;
    }
}
