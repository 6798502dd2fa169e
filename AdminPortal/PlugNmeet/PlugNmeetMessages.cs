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

/// <summary><c>CreateRoomReq</c>: only fields a caller may set; the server-managed ones (is_recording, started_at…) are never sent.</summary>
public sealed record CreateRoomRequest(string RoomId, RoomMetadata Metadata)
{
    /// <summary>Seconds; plugNmeet uses 1800 when unset or under 120.</summary>
    public uint? EmptyTimeout { get; init; }

    public uint? MaxParticipants { get; init; }
}

public sealed record RoomMetadata(string RoomTitle, RoomFeatures RoomFeatures)
{
    public string? WelcomeMessage { get; init; }
    public string? WebhookUrl { get; init; }
    public string? LogoutUrl { get; init; }
    public LockSettings? DefaultLockSettings { get; init; }
}

/// <summary>
/// <c>RoomCreateFeatures</c> (required; <c>{}</c> means the server's defaults). plugNmeet 2.3+ merges it into its defaults, so
/// only values that differ from them are sent: a plain <c>false</c> could not switch a default-on feature off anyway.
/// </summary>
public sealed record RoomFeatures
{
    public bool? MuteOnStart { get; init; }
    public bool? AdminOnlyWebcams { get; init; }

    /// <summary>Minutes.</summary>
    public ulong? RoomDuration { get; init; }

    public bool? AllowVirtualBg { get; init; }
    public bool? AllowRaiseHand { get; init; }
    public bool? AllowReactions { get; init; }
    public WaitingRoomFeatures? WaitingRoomFeatures { get; init; }
    public EndToEndEncryptionFeatures? EndToEndEncryptionFeatures { get; init; }
}

public sealed record WaitingRoomFeatures(bool IsActive, string? WaitingRoomMsg);

public sealed record EndToEndEncryptionFeatures(bool IsEnabled, bool IncludedChatMessages, bool IncludedWhiteboard);

/// <summary>The reply to <c>room/create</c>: the session's info (its <c>sid</c>), the same shape as a running room's.</summary>
public sealed class CreateRoomResponse : CommonResponse
{
    public ActiveRoomInfo? RoomInfo { get; init; }
}

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

    /// <summary>LiveKit's permission; plugNmeet gives hidden users the <c>hidden</c> grant, which plugNmeet's metadata does not carry.</summary>
    public ParticipantPermission? Permission { get; init; }
}

public sealed record ParticipantPermission
{
    public bool Hidden { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(GenerateTokenRequest))]
[JsonSerializable(typeof(CreateRoomRequest))]
[JsonSerializable(typeof(CreateRoomResponse))]
[JsonSerializable(typeof(RoomIdRequest))]
[JsonSerializable(typeof(CommonResponse))]
[JsonSerializable(typeof(GenerateTokenResponse))]
[JsonSerializable(typeof(IsRoomActiveResponse))]
[JsonSerializable(typeof(EmptyRequest))]
[JsonSerializable(typeof(ActiveRoomsResponse))]
[JsonSerializable(typeof(ActiveRoomResponse))]
internal sealed partial class PlugNmeetJsonContext : JsonSerializerContext;
