using System.Text.Json;
using AdminPortal.PlugNmeet;

namespace AdminPortal.Rooms;

/// <summary>Someone in a running room, as the rooms console shows them.</summary>
public sealed record RoomParticipant(string Name, string UserId, bool IsAdmin, bool IsHidden, DateTimeOffset? JoinedAt);

/// <summary>Who started a room through the portal, and from which template (when the portal knows).</summary>
public sealed record RoomOrigin(string CreatedBy, string? TemplateName)
{
    /// <summary>"by maria@example.org from template Lecture", or without the template when none was recorded.</summary>
    public string Describe() => string.IsNullOrWhiteSpace(TemplateName) ? $"by {CreatedBy}" : $"by {CreatedBy} from template {TemplateName}";
}

/// <summary>A room running on the plugNmeet server now.</summary>
public sealed record RunningRoom(
    string RoomId, string Title, string? Sid, DateTimeOffset? StartedAt, IReadOnlyList<RoomParticipant> Participants, RoomOrigin? Origin)
{
    public int ParticipantCount => Participants.Count;

    /// <summary>The room's title, or its id when it has none.</summary>
    public string Name => string.IsNullOrWhiteSpace(Title) ? RoomId : Title;

    internal static RunningRoom From(ActiveRoomWithParticipants active, RoomOrigin? origin)
    {
        var info = active.RoomInfo ?? new ActiveRoomInfo();
        var participants = (active.ParticipantsInfo ?? []).Select(Participant).ToList();
        return new RunningRoom(info.RoomId ?? "", info.RoomTitle ?? "", info.Sid, Moment(info.CreationTime), participants, origin);
    }

    private static RoomParticipant Participant(ParticipantInfo p)
    {
        var (isAdmin, isHidden) = Flags(p.Metadata);
        return new RoomParticipant(p.Name ?? "", p.Identity ?? "", isAdmin, isHidden || p.Permission?.Hidden == true, Moment(p.JoinedAt));
    }

    // LiveKit reports seconds; a value too large for seconds is taken as milliseconds, and 0 as unknown.
    private static DateTimeOffset? Moment(long value) => value switch
    {
        <= 0 => null,
        > 100_000_000_000 => DateTimeOffset.FromUnixTimeMilliseconds(value),
        _ => DateTimeOffset.FromUnixTimeSeconds(value),
    };

    /// <summary>is_admin and is_hidden from plugNmeet's user metadata (protojson; proto or camelCase names, bools or strings).</summary>
    internal static (bool IsAdmin, bool IsHidden) Flags(string? metadata)
    {
        if (string.IsNullOrWhiteSpace(metadata))
        {
            return (false, false);
        }
        try
        {
            using var json = JsonDocument.Parse(metadata);
            return json.RootElement.ValueKind == JsonValueKind.Object
                ? (Flag(json.RootElement, "is_admin", "isAdmin"), Flag(json.RootElement, "is_hidden", "isHidden"))
                : (false, false);
        }
        catch (JsonException)
        {
            // Metadata that is not JSON says nothing about the person; the rest of the row is still worth showing.
            return (false, false);
        }
    }

    private static bool Flag(JsonElement root, string protoName, string jsonName) =>
        (root.TryGetProperty(protoName, out var value) || root.TryGetProperty(jsonName, out value)) && value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.String => string.Equals(value.GetString(), "true", StringComparison.OrdinalIgnoreCase),
            JsonValueKind.Number => value.TryGetInt32(out var n) && n != 0,
            _ => false,
        };
}

/// <summary>What ending a room did: ended with how many people disconnected, or why not (<see cref="Error"/>).</summary>
public sealed record RoomEndOutcome(bool Ended, int Disconnected, string? Error)
{
    public bool WasNotRunning { get; init; }
}

/// <summary>What the generator's guard learned about a typed room id: the room when it runs, else a running room it may be a typo of.</summary>
public sealed record RoomCheck(RunningRoom? Room, string? DidYouMean);
