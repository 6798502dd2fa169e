using System.Text.RegularExpressions;

namespace AdminPortal.PlugNmeet;

public enum UserIdProblem
{
    Empty,
    InvalidCharacters,
    ReservedPrefix,
    NativeSuffix,
    FieldPattern,
    UserPrefix,
    TooLong,
    SpecialMeaning,
}

/// <summary>plugNmeet's own input rules (contract §3.3 and §9), shared by the form and the sandbox.</summary>
public static partial class PlugNmeetRules
{
    public const string RecorderName = "PLUGNMEET_RECORDER_AUTH";

    /// <summary>plugNmeet-server <c>sql_dump/install.sql</c> and <c>pkg/dbmodels/room.go</c>: <c>roomId varchar(64)</c>.</summary>
    public const int MaxRoomIdLength = 64;

    /// <summary>plugNmeet-server <c>room_title varchar(255)</c>; longer titles make <c>room/create</c> fail in MariaDB strict mode.</summary>
    public const int MaxRoomTitleLength = 255;

    /// <summary>The server stores user ids in no column; 64 keeps them as long as room ids (the only id column it has).</summary>
    public const int MaxUserIdLength = 64;

    /// <summary>A portal limit: the name is shown in participant lists and goes into the join token (and so the QR code).</summary>
    public const int MaxNameLength = 100;

    /// <summary>A portal limit for avatar, logo, background and CSS addresses.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>
    /// User ids the server and client compare against exactly (case-sensitive): the recorder and RTMP bots, hidden from
    /// participant lists, and "all" / "public", meaning every user or the public chat. The server accepts them; a portal must not.
    /// </summary>
    public static readonly IReadOnlyList<string> SpecialUserIds = ["RECORDER_BOT", "RTMP_BOT", "all", "public"];

    /// <summary>Prefixes plugNmeet keeps for its own bots and gateways.</summary>
    public static readonly IReadOnlyList<string> ReservedUserIdPrefixes = ["ingres_", "pnm_agent-", "pnm_tts_agent-", "sip_"];

    [GeneratedRegex("^[a-zA-Z0-9-_]+$")]
    public static partial Regex IdPattern();

    public static bool IsValidRoomId(string? roomId) => roomId is not null && IdPattern().IsMatch(roomId);

    /// <summary>The server's own room-id reservations on create (plugNmeet-server <c>pkg/models/room_create.go</c>), as it words them.</summary>
    public static string? ReservedRoomIdMessage(string roomId) =>
        roomId.Contains("-FIELD_", StringComparison.Ordinal) ? "RoomId cannot contain the reserved pattern '-FIELD_'"
        : roomId.StartsWith("user_", StringComparison.Ordinal) ? "RoomId cannot start with the reserved pattern 'user_'"
        : null;

    /// <summary>The portal's user-id rules: the server's (<see cref="CheckUserId"/>) plus length and special meanings.</summary>
    public static UserIdProblem? CheckPortalUserId(string? userId) =>
        CheckUserId(userId) ?? (userId!.Length > MaxUserIdLength ? UserIdProblem.TooLong
            : SpecialUserIds.Contains(userId, StringComparer.Ordinal) ? UserIdProblem.SpecialMeaning : null);

    /// <summary>The first rule the user id breaks, in the order the server checks them; null when it is acceptable.</summary>
    public static UserIdProblem? CheckUserId(string? userId)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return UserIdProblem.Empty;
        }
        if (ReservedUserIdPrefixes.Any(p => userId.StartsWith(p, StringComparison.Ordinal)))
        {
            return UserIdProblem.ReservedPrefix;
        }
        if (userId.EndsWith("-native", StringComparison.Ordinal))
        {
            return UserIdProblem.NativeSuffix;
        }
        if (!IdPattern().IsMatch(userId))
        {
            return UserIdProblem.InvalidCharacters;
        }
        if (userId.Contains("-FIELD_", StringComparison.Ordinal))
        {
            return UserIdProblem.FieldPattern;
        }
        return userId.StartsWith("user_", StringComparison.Ordinal) ? UserIdProblem.UserPrefix : null;
    }
}
