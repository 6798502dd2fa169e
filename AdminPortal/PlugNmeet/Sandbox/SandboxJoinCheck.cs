using System.Text.Json.Nodes;

namespace AdminPortal.PlugNmeet.Sandbox;

/// <summary>What the conference client would receive for a link, or why it would refuse it.</summary>
public sealed record SandboxJoinView(
    string? Error, string Name, string UserId, string RoomId, string? RoomTitle, bool IsAdmin, bool IsHidden,
    DateTimeOffset? ExpiresAt, SandboxParticipant? Participant)
{
    /// <summary>The running session the link joins, when it may be joined.</summary>
    public SandboxRoom? Room { get; init; }
}

/// <summary>Checks a join token the way plugNmeet does (contract §4): HS256 with the secret, iss = API key, sub = user_id, nbf/exp with one minute's leeway.</summary>
public sealed class SandboxJoinCheck(PlugNmeetConnection connection, SandboxState state, TimeProvider time)
{
    private static readonly TimeSpan Leeway = TimeSpan.FromMinutes(1);

    public SandboxJoinView Check(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return Refused("This link has no access_token: it is not a join link.");
        }
        var (claims, malformed) = PlugNmeetJwt.VerifySignature(token, connection.SandboxApiSecret);
        if (claims is null)
        {
            return Refused(malformed
                ? "This is not a valid join link: its access_token is damaged or incomplete. Copy the whole link again, or ask for a new one."
                : "The token's signature is not valid for this server (wrong secret, or the link was altered).");
        }

        var userId = Text(claims, "user_id");
        var expiresAt = Seconds(claims, "exp");
        var view = new SandboxJoinView(null, Text(claims, "name"), userId, Text(claims, "room_id"), null,
            Flag(claims, "is_admin"), Flag(claims, "is_hidden"), expiresAt, null);
        var now = time.GetUtcNow();

        string? error = null;
        if (Text(claims, "iss") != connection.SandboxApiKey || Text(claims, "sub") != userId)
        {
            error = "The token was not issued for this server's API key.";
        }
        else if (expiresAt is null || now > expiresAt + Leeway)
        {
            error = "This link has expired: join tokens are valid for 10 minutes. Ask for a new link.";
        }
        else if (Seconds(claims, "nbf") is { } notBefore && now < notBefore - Leeway)
        {
            error = "This link is not valid yet.";
        }
        var room = state.FindRoom(view.RoomId);
        var participant = error is null ? state.FindParticipant(view.RoomId, userId) : null;
        if (error is null && (room is null || room.Ended))
        {
            error = SandboxState.RoomEndedMessage;
        }
        else if (error is null && participant is null)
        {
            // plugNmeet answers user-info-not-found; a token older than the running session was for one that has ended.
            error = Seconds(claims, "nbf") is { } issued && issued < room!.CreatedAt
                ? SandboxState.RoomEndedMessage + " This link was for an earlier session of the room, which has been started again since: ask for a new link."
                : SandboxState.NoUserMessage;
        }
        else if (error is null && room!.Settings.MaxParticipants is { } max
            && state.Participants(room.RoomId).Count(p => p.UserId != userId) >= max)
        {
            error = SandboxState.RoomFullMessage;
        }
        return view with { Error = error, RoomTitle = room?.Title, Participant = participant, Room = error is null ? room : null };
    }

    private static SandboxJoinView Refused(string error) => new(error, "", "", "", null, false, false, null, null);

    private static string Text(JsonObject claims, string name) =>
        claims[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static bool Flag(JsonObject claims, string name) =>
        claims[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static DateTimeOffset? Seconds(JsonObject claims, string name) =>
        claims[name] is JsonValue v && v.TryGetValue<long>(out var s) && s is > 0 and < MaxSeconds ? DateTimeOffset.FromUnixTimeSeconds(s) : null;

    /// <summary>Year 9000: far enough for any real token, and far from DateTimeOffset's end so adding the leeway cannot overflow.</summary>
    private const long MaxSeconds = 221845392000;
}
