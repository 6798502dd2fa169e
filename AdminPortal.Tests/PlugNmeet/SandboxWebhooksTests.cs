using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AdminPortal.Data;
using AdminPortal.PlugNmeet.Sandbox;
using AdminPortal.Tests.TestHelpers;
using AdminPortal.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AdminPortal.Tests.PlugNmeet;

/// <summary>
/// The sandbox reports joins, leaves and room ends as plugNmeet does: which events, in which order, with which body, signed so
/// that the portal's own verifier accepts them; nothing for a room without a webhook address; a full queue counts what it dropped.
/// </summary>
public sealed class SandboxWebhooksTests
{
    private const string ApiKey = "sandbox-key";
    private const string ApiSecret = "sandbox-secret-0123456789";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly SandboxWebhooks _queue;
    private readonly SandboxState _state;

    public SandboxWebhooksTests() : this(new SandboxWebhooks())
    {
    }

    private SandboxWebhooksTests(SandboxWebhooks queue) => (_queue, _state) = (queue, new SandboxState(queue, _clock));

    private static SandboxWebhooksTests WithCapacity(int capacity) => new(new SandboxWebhooks(capacity));

    private SandboxRoom Room(string? webhookUrl = "https://portal.example/webhooks/plugnmeet") =>
        _state.CreateRoom("weekly", "Weekly", Now, SandboxRoomSettings.Defaults with { WebhookUrl = webhookUrl });

    private SandboxPresence Join(SandboxRoom room, string userId, string? name = null)
    {
        _state.AddParticipant(new SandboxParticipant(room.RoomId, userId, name ?? "Name " + userId, false, false, null, null, new Dictionary<string, bool>()));
        return _state.Join(room.RoomId, room.Sid, userId, _clock.GetUtcNow()).Presence ?? throw new InvalidOperationException("refused");
    }

    private List<SandboxNotification> Drain()
    {
        var queued = new List<SandboxNotification>();
        while (_queue.Reader.TryRead(out var notification))
        {
            queued.Add(notification);
        }
        return queued;
    }

    private static List<string> Names(IEnumerable<SandboxNotification> notifications) =>
        [.. notifications.Select(n => n.Presence is { } p ? $"{n.Event} {p.UserId}" : n.Event)];

    [Fact]
    public void The_first_join_starts_the_room_and_later_joins_only_join()
    {
        var room = Room();

        Join(room, "maria-1");
        Join(room, "tom-2");

        var queued = Drain();
        Assert.Equal(["room_started", "participant_joined maria-1", "participant_joined tom-2"], Names(queued));
        Assert.Equal([0, 1, 2], queued.Select(n => n.NumParticipants));
        Assert.All(queued, n => Assert.Equal(Now, n.At));
    }

    [Fact]
    public void A_replaced_presence_leaves_before_the_new_one_joins_and_its_late_leave_reports_nothing()
    {
        var room = Room();
        var first = Join(room, "maria-1");
        Drain();

        var second = _state.Join(room.RoomId, room.Sid, "maria-1", Now).Presence!;
        _state.Leave(first); // the earlier page closing later

        var queued = Drain();
        Assert.Equal(["participant_left maria-1", "participant_joined maria-1"], Names(queued));
        Assert.Same(first, queued[0].Presence);
        Assert.Same(second, queued[1].Presence);
    }

    [Fact]
    public void Leaving_a_lost_connection_and_a_new_token_each_report_a_leave_and_coming_back_joins_again()
    {
        var room = Room();
        var maria = Join(room, "maria-1");
        Drain();
        _clock.Advance(TimeSpan.FromMinutes(3));

        _state.Leave(maria, SandboxDisconnect.ConnectionLost);
        var back = _state.Join(room.RoomId, room.Sid, "maria-1", _clock.GetUtcNow()).Presence!;
        _state.AddParticipant(back.User); // a new token for an online user disconnects them
        Join(room, "tom-2");
        _state.Leave(_state.FindPresence(room.RoomId, "tom-2")!);

        var queued = Drain();
        Assert.Equal(["participant_left maria-1", "participant_joined maria-1", "participant_left maria-1", "participant_joined tom-2", "participant_left tom-2"],
            Names(queued));
        Assert.Equal(Now.AddMinutes(3), queued[0].At);
    }

    [Fact]
    public void Ending_the_room_reports_everyone_online_leaving_then_room_finished()
    {
        var room = Room();
        Join(room, "maria-1");
        Join(room, "tom-2");
        Drain();
        _clock.Advance(TimeSpan.FromMinutes(50));

        Assert.True(_state.EndRoom("weekly"));

        var queued = Drain();
        Assert.Equal(["participant_left maria-1", "participant_left tom-2", "room_finished"], Names(queued));
        Assert.Equal([1, 0, 0], queued.Select(n => n.NumParticipants));
        Assert.All(queued, n => Assert.Equal(Now.AddMinutes(50), n.At));
        Assert.All(queued.Take(2), n => Assert.Equal(SandboxDisconnect.RoomEnded, n.Presence!.DisconnectReason));
    }

    [Fact]
    public void A_room_nobody_joined_finishes_silently_and_a_room_without_a_webhook_address_reports_nothing()
    {
        Room();
        Assert.True(_state.EndRoom("weekly"));
        Assert.Empty(Drain());

        foreach (var address in new[] { null, "", "ftp://portal.example/hooks" })
        {
            var silent = Room(address);
            Join(silent, "maria-1");
            _state.Leave(_state.FindPresence("weekly", "maria-1")!);
            Assert.True(_state.EndRoom("weekly"));
            Assert.Empty(Drain());
        }
    }

    [Fact]
    public void A_full_queue_drops_notifications_and_the_next_one_says_how_many()
    {
        var test = WithCapacity(2);
        var room = test.Room();
        test.Join(room, "maria-1"); // room_started and participant_joined fill the queue
        test.Join(room, "tom-2"); // dropped
        test.Join(room, "ann-3"); // dropped

        Assert.Equal(["room_started", "participant_joined maria-1"], Names(test.Drain()));
        test._state.Leave(test._state.FindPresence("weekly", "ann-3")!);
        test._state.Leave(test._state.FindPresence("weekly", "tom-2")!);

        var queued = test.Drain();
        Assert.Equal([2L, 0L], queued.Select(n => n.NumDropped));
        Assert.Equal(2, (int)JsonNode.Parse(SandboxWebhookBody.Serialize(queued[0], "evt-1"))!["num_dropped"]!);
        Assert.Null(JsonNode.Parse(SandboxWebhookBody.Serialize(queued[1], "evt-2"))!["num_dropped"]);
    }

    [Fact]
    public void The_body_is_protojson_of_CommonNotifyEvent_with_proto_names_and_without_unpopulated_fields()
    {
        var room = Room();
        var maria = Join(room, "maria-1", name: "Zoë <Maria>");
        var joined = Drain()[^1];
        _state.Leave(maria); // the join is sent later, when the participant may already have gone

        var bytes = SandboxWebhookBody.Serialize(joined, "3f2c6a0e-1d7b-4c43-9a53-0b1f6f1b2d10");

        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains("\"name\":\"Zoë <Maria>\"", text); // UTF-8 and no HTML escaping, as protojson writes it
        var body = (JsonObject)JsonNode.Parse(bytes)!;
        Assert.Equal(["event", "room", "participant", "id", "created_at"], body.Select(p => p.Key));
        Assert.Equal(("participant_joined", "3f2c6a0e-1d7b-4c43-9a53-0b1f6f1b2d10"), ((string?)body["event"], (string?)body["id"]));
        Assert.Equal(Now.ToUnixTimeSeconds().ToString(), body["created_at"]!.GetValue<string>());

        var roomJson = (JsonObject)body["room"]!;
        Assert.Equal(["sid", "room_id", "empty_timeout", "max_participants", "creation_time", "metadata", "num_participants"], roomJson.Select(p => p.Key));
        Assert.Equal((room.Sid, "weekly", 1800, 0, 1), ((string?)roomJson["sid"], (string?)roomJson["room_id"], (int)roomJson["empty_timeout"]!,
            (int)roomJson["max_participants"]!, (int)roomJson["num_participants"]!));
        Assert.Equal(Now.ToUnixTimeSeconds().ToString(), roomJson["creation_time"]!.GetValue<string>());
        Assert.Equal("https://portal.example/webhooks/plugnmeet", (string?)JsonNode.Parse((string)roomJson["metadata"]!)!["webhook_url"]);

        var participant = (JsonObject)body["participant"]!;
        Assert.Equal(["sid", "identity", "state", "metadata", "joined_at", "joined_at_ms", "name", "permission"], participant.Select(p => p.Key));
        Assert.Equal((maria.Sid, "maria-1", "ACTIVE", "Zoë <Maria>"),
            ((string?)participant["sid"], (string?)participant["identity"], (string?)participant["state"], (string?)participant["name"]));
        Assert.Equal(Now.ToUnixTimeMilliseconds().ToString(), participant["joined_at_ms"]!.GetValue<string>());
        Assert.Equal(["can_subscribe", "can_publish", "can_publish_data"], ((JsonObject)participant["permission"]!).Select(p => p.Key));
        Assert.Equal("maria-1", (string?)JsonNode.Parse((string)participant["metadata"]!)!["ex_user_id"]);

        var left = (JsonObject)JsonNode.Parse(SandboxWebhookBody.Serialize(Drain().Single(), "e2"))!["participant"]!;
        Assert.Equal(("DISCONNECTED", "CLIENT_INITIATED"), ((string?)left["state"], (string?)left["disconnect_reason"]));
        Assert.DoesNotContain("participant", JsonNode.Parse(SandboxWebhookBody.Serialize(new SandboxNotification("room_started", room, null, 0, Now), "e3"))!.AsObject()
            .Select(p => p.Key));
    }

    [Fact]
    public void The_token_is_what_plugnmeet_signs_and_the_portals_verifier_accepts_it()
    {
        var room = Room();
        Join(room, "maria-1");
        var body = SandboxWebhookBody.Serialize(Drain()[^1], "evt-1");

        var token = SandboxWebhookBody.Token(body, ApiKey, ApiSecret, Now);

        var claims = (JsonObject)JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]))!;
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(body)), (string?)claims["sha256"]); // standard base64, padded
        Assert.Equal((ApiKey, Now.ToUnixTimeSeconds(), Now.AddMinutes(5).ToUnixTimeSeconds()), ((string?)claims["iss"], (long)claims["nbf"]!, (long)claims["exp"]!));
        Assert.Equal(WebhookRejection.None, WebhookVerifier.Verify(token, token, body, ApiKey, ApiSecret, Now));
        Assert.Equal(WebhookRejection.None, WebhookVerifier.Verify(null, token, body, ApiKey, ApiSecret, Now.AddMinutes(5)));
        Assert.Equal(WebhookRejection.Expired, WebhookVerifier.Verify(token, null, body, ApiKey, ApiSecret, Now.AddMinutes(7)));
        var changed = (byte[])body.Clone();
        changed[^2] ^= 1;
        Assert.Equal(WebhookRejection.BodyMismatch, WebhookVerifier.Verify(token, null, changed, ApiKey, ApiSecret, Now));
    }
}

/// <summary>
/// Over real HTTP: the sandbox's webhooks reach the portal's own <c>/webhooks/plugnmeet</c>, which verifies and stores them;
/// a receiver answering 500 gets the same event again; a receiver that keeps failing is logged without the token or body.
/// </summary>
public sealed class SandboxWebhookDeliveryTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private sealed record Received(byte[] Body, string Authorization, string HashToken, string? ContentType);

    private SandboxRoom Room(string webhookUrl)
    {
        _ = portal.BaseUrl;
        var roomId = "hooks-" + Guid.NewGuid().ToString("N")[..8];
        return portal.Sandbox.CreateRoom(roomId, "Hooks", portal.Clock.GetUtcNow(), SandboxRoomSettings.Defaults with { WebhookUrl = webhookUrl });
    }

    private SandboxPresence Join(SandboxRoom room, string userId)
    {
        portal.Sandbox.AddParticipant(new SandboxParticipant(room.RoomId, userId, "Ann " + userId, false, false, null, null, new Dictionary<string, bool>()));
        return portal.Sandbox.Join(room.RoomId, room.Sid, userId, portal.Clock.GetUtcNow()).Presence!;
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Deadline;
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            value = await read();
        }
        return value;
    }

    private async Task<List<WebhookEvent>> StoredAsync(string roomId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().WebhookEvents.AsNoTracking()
            .Where(e => e.RoomId == roomId).OrderBy(e => e.Id).ToListAsync();
    }

    private static async Task<(FakeUpstream Receiver, ConcurrentQueue<Received> Seen)> ReceiverAsync(Func<int, int> status)
    {
        var seen = new ConcurrentQueue<Received>();
        var receiver = await FakeUpstream.StartAsync();
        receiver.Reply = async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            seen.Enqueue(new(buffer.ToArray(), context.Request.Headers.Authorization.ToString(), context.Request.Headers["Hash-Token"].ToString(),
                context.Request.ContentType));
            context.Response.StatusCode = status(seen.Count);
        };
        return (receiver, seen);
    }

    [Fact]
    public async Task A_join_and_a_leave_reach_the_portals_own_endpoint_verified_and_stored_in_order()
    {
        var room = Room(portal.BaseUrl + WebhookEndpoints.Path);

        portal.Sandbox.Leave(Join(room, "ann-1"));

        var stored = await EventuallyAsync(() => StoredAsync(room.RoomId), rows => rows.Count >= 3);
        Assert.Equal(["room_started", "participant_joined", "participant_left"], stored.Select(e => e.Event));
        Assert.Equal([null, "ann-1", "ann-1"], stored.Select(e => e.UserId));
        Assert.All(stored, e => Assert.Equal((room.Sid, DateTimeOffset.FromUnixTimeSeconds(portal.Clock.GetUtcNow().ToUnixTimeSeconds()), 0),
            (e.RoomSid, e.CreatedAt, e.NumDropped)));
        Assert.Equal(3, stored.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public async Task A_receiver_answering_500_once_gets_the_same_signed_event_again()
    {
        var (receiver, seen) = await ReceiverAsync(count => count == 1 ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK);
        await using var _ = receiver;
        var room = Room(receiver.Url.TrimEnd('/') + "/hooks");

        Join(room, "ann-1");

        var requests = (await EventuallyAsync(() => Task.FromResult(seen.ToList()), r => r.Count >= 3)).ToList();
        Assert.Equal(3, requests.Count);
        Assert.Equal(requests[0].Body, requests[1].Body); // the retry resends the same event, id included
        Assert.Equal(["room_started", "room_started", "participant_joined"], requests.Select(r => (string?)JsonNode.Parse(r.Body)!["event"]));
        Assert.All(requests, r =>
        {
            Assert.Equal(r.Authorization, r.HashToken);
            Assert.Equal("application/json", r.ContentType);
            Assert.Equal(WebhookRejection.None, WebhookVerifier.Verify(r.Authorization, null, r.Body,
                portal.Connection.SandboxApiKey, portal.Connection.SandboxApiSecret, portal.Clock.GetUtcNow()));
        });
    }

    [Fact]
    public async Task A_receiver_that_keeps_failing_is_logged_with_room_and_event_but_never_the_token_or_body()
    {
        var (receiver, seen) = await ReceiverAsync(_ => StatusCodes.Status503ServiceUnavailable);
        await using var _ = receiver;
        var room = Room(receiver.Url.TrimEnd('/') + "/hooks");

        Join(room, "ann-1");

        var failure = await EventuallyAsync(() => Task.FromResult(portal.Logs.Lines.Where(l => l.Contains(room.RoomId)).ToList()),
            lines => lines.Count >= 2);
        Assert.Contains(failure, l => l.Contains("room_started") && l.Contains("4 attempts"));
        Assert.Contains(failure, l => l.Contains("participant_joined") && l.Contains("4 attempts"));
        Assert.Equal(8, seen.Count); // 1 + 3 retries, for each of the two events
        var sent = seen.ToList();
        Assert.DoesNotContain(portal.Logs.Lines, l => sent.Any(r => l.Contains(r.Authorization) || l.Contains((string)JsonNode.Parse(r.Body)!["id"]!)));
    }
}
