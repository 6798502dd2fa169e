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
}

/// <summary>plugNmeet's own input rules (contract §3.3 and §9), shared by the form and the sandbox.</summary>
public static partial class PlugNmeetRules
{
    public const string RecorderName = "PLUGNMEET_RECORDER_AUTH";

    /// <summary>Prefixes plugNmeet keeps for its own bots and gateways.</summary>
    public static readonly IReadOnlyList<string> ReservedUserIdPrefixes = ["ingres_", "pnm_agent-", "pnm_tts_agent-", "sip_"];

    [GeneratedRegex("^[a-zA-Z0-9-_]+$")]
    public static partial Regex IdPattern();

    public static bool IsValidRoomId(string? roomId) => roomId is not null && IdPattern().IsMatch(roomId);

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
