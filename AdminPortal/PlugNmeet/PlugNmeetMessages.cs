using System.Text.Json.Serialization;

namespace AdminPortal.PlugNmeet;

// Request and reply shapes of plugNmeet's /auth API (contract §3 and §6); snake_case on the wire, unset optionals omitted.

public sealed record GenerateTokenRequest(string RoomId, UserInfo UserInfo);

public sealed record UserInfo(string Name, string UserId, bool IsAdmin, bool IsHidden, UserMetadata? UserMetadata);

public sealed record UserMetadata
{
    public string? ProfilePic { get; init; }
    public string? PreferredLang { get; init; }
    public LockSettings? LockSettings { get; init; }
}

/// <summary>The ten per-user locks. Nullable because plugNmeet tracks presence: unset means "room default".</summary>
public sealed record LockSettings
{
    public bool? LockMicrophone { get; init; }
    public bool? LockWebcam { get; init; }
    public bool? LockScreenSharing { get; init; }
    public bool? LockChat { get; init; }
    public bool? LockChatSendMessage { get; init; }
    public bool? LockChatFileShare { get; init; }
    public bool? LockPrivateChat { get; init; }
    public bool? LockWhiteboard { get; init; }
    public bool? LockSharedNotepad { get; init; }
    public bool? LockReactions { get; init; }
}

public sealed record CreateRoomRequest(string RoomId, RoomMetadata Metadata);

public sealed record RoomMetadata(string RoomTitle, RoomFeatures RoomFeatures);

/// <summary>Sent as <c>{}</c>: the server's defaults apply (the field itself is required).</summary>
public sealed record RoomFeatures;

public sealed record RoomIdRequest(string RoomId);

public class CommonResponse
{
    public bool? Status { get; init; }
    public string? Msg { get; init; }
    public string? StatusCode { get; init; }
}

public sealed class GenerateTokenResponse : CommonResponse
{
    public string? Token { get; init; }
}

public sealed class IsRoomActiveResponse : CommonResponse
{
    public bool IsActive { get; init; }
}

/// <summary>The body of <c>getActiveRoomsInfo</c>: plugNmeet ignores it; the SDKs send <c>{}</c>.</summary>
public sealed record EmptyRequest;

public sealed class ActiveRoomsResponse : CommonResponse
{
    public List<ActiveRoomWithParticipants>? Rooms { get; init; }
}

public sealed class ActiveRoomResponse : CommonResponse
{
    public ActiveRoomWithParticipants? Room { get; init; }
}

/// <summary>One running room and who is in it (contract §6.3); parsed loosely, every field optional.</summary>
public sealed record ActiveRoomWithParticipants
{
    public ActiveRoomInfo? RoomInfo { get; init; }
    public List<ParticipantInfo>? ParticipantsInfo { get; init; }
}

/// <summary><c>ActiveRoomInfo</c>: int64 fields arrive as strings, <c>is_*</c> flags as 0/1.</summary>
public sealed record ActiveRoomInfo
{
    public string? RoomId { get; init; }
    public string? RoomTitle { get; init; }
    public string? Sid { get; init; }
    public long JoinedParticipants { get; init; }
    public int IsRunning { get; init; }
    public long CreationTime { get; init; }
}

/// <summary>A LiveKit participant as plugNmeet reports it; <c>metadata</c> is plugNmeet's user metadata as a JSON string.</summary>
public sealed record ParticipantInfo
{
    public string? Sid { get; init; }
    public string? Identity { get; init; }
    public string? Name { get; init; }
    public string? State { get; init; }
    public long JoinedAt { get; init; }
    public string? Metadata { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(GenerateTokenRequest))]
[JsonSerializable(typeof(CreateRoomRequest))]
[JsonSerializable(typeof(RoomIdRequest))]
[JsonSerializable(typeof(CommonResponse))]
[JsonSerializable(typeof(GenerateTokenResponse))]
[JsonSerializable(typeof(IsRoomActiveResponse))]
[JsonSerializable(typeof(EmptyRequest))]
[JsonSerializable(typeof(ActiveRoomsResponse))]
[JsonSerializable(typeof(ActiveRoomResponse))]
internal sealed partial class PlugNmeetJsonContext : JsonSerializerContext;
