using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AdminPortal.PlugNmeet.Sandbox;

/// <summary>
/// A sandbox notification as plugNmeet sends it (contract §11): the protojson of plugnmeet-protocol's <c>CommonNotifyEvent</c>
/// (proto names, unpopulated fields left out, 64-bit integers as strings) and the HS256 token of plugnmeet-protocol's
/// <c>webhook/notifier.go</c>, made as LiveKit's <c>auth.AccessToken</c> makes it.
/// </summary>
internal static class SandboxWebhookBody
{
    /// <summary>How long a webhook token is valid (notifier.go <c>SetValidFor(5 * time.Minute)</c>).</summary>
    public static readonly TimeSpan TokenValidity = TimeSpan.FromMinutes(5);

    // protojson writes non-ASCII as UTF-8 and does not escape HTML characters.
    private static readonly JsonSerializerOptions Protojson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // The zero values of ParticipantInfo's enums (livekit_models.proto), which protojson leaves out like any other zero.
    private static readonly Dictionary<string, string> ZeroEnums = new()
    {
        ["state"] = "JOINING", ["kind"] = "STANDARD", ["disconnect_reason"] = "UNKNOWN_REASON",
    };

    /// <summary>The exact bytes that are signed and sent; <paramref name="id"/> is the event's id, kept for every retry.</summary>
    public static byte[] Serialize(SandboxNotification notification, string id)
    {
        var body = new JsonObject
        {
            ["event"] = notification.Event,
            ["room"] = Room(notification),
        };
        if (notification.Presence is { } presence)
        {
            body["participant"] = Participant(presence, left: notification.Event == SandboxNotification.ParticipantLeft);
        }
        body["id"] = id;
        body["created_at"] = Int64(notification.At.ToUnixTimeSeconds());
        if (notification.NumDropped > 0)
        {
            body["num_dropped"] = notification.NumDropped;
        }
        return JsonSerializer.SerializeToUtf8Bytes(body, Protojson);
    }

    /// <summary>
    /// LiveKit's <c>AccessToken.ToJWT</c> with only <c>SetValidFor</c> and <c>SetSha256</c>: <c>iss</c> = API key, <c>exp</c>,
    /// <c>nbf</c>, <c>iat</c>, and <c>sha256</c> = standard base64 (padded) of SHA-256 over the exact body bytes.
    /// </summary>
    public static string Token(ReadOnlySpan<byte> body, string apiKey, string apiSecret, DateTimeOffset now) => PlugNmeetJwt.Sign(new JsonObject
    {
        ["iss"] = apiKey,
        ["exp"] = now.Add(TokenValidity).ToUnixTimeSeconds(),
        ["nbf"] = now.ToUnixTimeSeconds(),
        ["iat"] = now.ToUnixTimeSeconds(),
        ["sha256"] = Convert.ToBase64String(SHA256.HashData(body)),
    }, apiSecret);

    /// <summary>
    /// plugnmeet-protocol utils.PrepareCommonWebhookNotifyEvent: every field is an explicitly set optional, so zeros are sent too;
    /// the server fills sid, metadata, max_participants and empty_timeout from its own room record.
    /// </summary>
    private static JsonObject Room(SandboxNotification notification)
    {
        var room = notification.Room;
        return new JsonObject
        {
            ["sid"] = room.Sid,
            ["room_id"] = room.RoomId,
            ["empty_timeout"] = room.Settings.EmptyTimeoutSeconds,
            ["max_participants"] = room.Settings.MaxParticipants ?? 0,
            ["creation_time"] = Int64(room.CreatedAt.ToUnixTimeSeconds()),
            ["metadata"] = room.Settings.MetadataJson(room.Title, room.CreatedAt),
            ["num_participants"] = notification.NumParticipants,
        };
    }

    /// <summary>
    /// LiveKit's <c>ParticipantInfo</c> as the sandbox lists it, without its unpopulated fields. Its state is the event's, not
    /// the presence's now: a join is sent after the participant may already have left, while a leave's reason never changes.
    /// </summary>
    private static JsonObject Participant(SandboxPresence presence, bool left)
    {
        var participant = SandboxReplies.Participant(presence);
        participant["state"] = left ? "DISCONNECTED" : "ACTIVE";
        participant["disconnect_reason"] = !left ? "UNKNOWN_REASON" : presence.DisconnectReason switch
        {
            SandboxDisconnect.Left => "CLIENT_INITIATED",
            SandboxDisconnect.Replaced => "DUPLICATE_IDENTITY",
            SandboxDisconnect.RoomEnded => "ROOM_DELETED",
            SandboxDisconnect.ConnectionLost => "SIGNAL_CLOSE",
            _ => "UNKNOWN_REASON",
        };
        OmitUnpopulated(participant);
        return participant;
    }

    // protojson without EmitUnpopulated: proto3 scalars at their zero value, empty lists and maps are not written.
    private static void OmitUnpopulated(JsonObject obj)
    {
        foreach (var (name, value) in obj.ToList())
        {
            if (value is JsonObject child)
            {
                OmitUnpopulated(child);
            }
            var unpopulated = value switch
            {
                null => true,
                JsonObject o => o.Count == 0,
                JsonArray a => a.Count == 0,
                _ => value.GetValueKind() switch
                {
                    JsonValueKind.False => true,
                    JsonValueKind.Number => value.ToJsonString() == "0",
                    JsonValueKind.String => (string?)value is "" || ZeroEnums.GetValueOrDefault(name) == (string?)value,
                    _ => false,
                },
            };
            if (unpopulated)
            {
                obj.Remove(name);
            }
        }
    }

    private static string Int64(long value) => value.ToString(CultureInfo.InvariantCulture);
}
