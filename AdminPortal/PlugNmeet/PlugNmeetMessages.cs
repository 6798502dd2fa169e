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
internal sealed partial class PlugNmeetJsonContext : JsonSerializerContext;
