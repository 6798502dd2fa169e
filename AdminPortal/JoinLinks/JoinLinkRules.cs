using AdminPortal.PlugNmeet;

namespace AdminPortal.JoinLinks;

/// <summary>Field checks for the generator. Each returns the message to show next to the field, or null when the value is fine.</summary>
public static class JoinLinkRules
{
    public const int MaxNameLength = 100;

    public static string? RoomId(string? value) =>
        string.IsNullOrWhiteSpace(value) ? "Room ID is required."
        : !PlugNmeetRules.IsValidRoomId(value) ? "Room ID may only contain letters A–Z, digits, - and _ (no spaces)."
        : value.Contains("-FIELD_", StringComparison.Ordinal) || value.StartsWith("user_", StringComparison.Ordinal)
            ? "Room ID must not start with user_ or contain -FIELD_ (reserved by plugNmeet)."
        : null;

    public static string? DisplayName(string? value) =>
        string.IsNullOrWhiteSpace(value) ? "Display name is required."
        : value.Length > MaxNameLength ? $"Display name must be at most {MaxNameLength} characters."
        : value.Trim() == PlugNmeetRules.RecorderName ? "This name is reserved by plugNmeet."
        : null;

    public static string? UserId(string? value) => PlugNmeetRules.CheckUserId(value) switch
    {
        null => null,
        UserIdProblem.Empty => "User ID is required.",
        UserIdProblem.InvalidCharacters => "User ID may only contain letters A–Z, digits, - and _ (no spaces).",
        UserIdProblem.ReservedPrefix => "User ID must not start with ingres_, pnm_agent-, pnm_tts_agent- or sip_ (reserved by plugNmeet).",
        UserIdProblem.NativeSuffix => "User ID must not end with -native (reserved by plugNmeet).",
        UserIdProblem.FieldPattern => "User ID must not contain -FIELD_ (reserved by plugNmeet).",
        UserIdProblem.UserPrefix => "User ID must not start with user_ (reserved by plugNmeet).",
        _ => "User ID is not accepted by plugNmeet.",
    };

    /// <summary>Optional https URL (the client is served over https, so http images would be blocked as mixed content).</summary>
    /// <remarks>
    /// Quotes, brackets, backslashes, angle brackets and white space are refused: the conference client pastes these URLs
    /// into CSS <c>url("…")</c> unescaped, so they could end the rule and inject styles.
    /// </remarks>
    public static string? HttpsUrl(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : value.Trim().IndexOfAny(UnsafeUrlCharacters) >= 0 || value.Trim().Any(char.IsControl)
            ? "This address contains characters that are not allowed (quotes, brackets, spaces or backslashes)."
        : Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && !string.IsNullOrEmpty(uri.Host)
            ? null
            : "Enter a full https:// address, e.g. https://example.com/picture.png.";

    private static readonly char[] UnsafeUrlCharacters = ['"', '\'', '(', ')', '\\', '<', '>', ' ', '{', '}', ';'];

    public const int MaxReasonLength = 500;

    public static string? Reason(string? value, bool isAdmin, bool isHidden) =>
        (isAdmin || isHidden) && string.IsNullOrWhiteSpace(value)
            ? "A reason (e.g. a ticket number) is required for hidden and administrator links."
        : value?.Length > MaxReasonLength ? $"Keep the reason under {MaxReasonLength} characters."
        : null;

    public static string? PreferredLanguage(string? value) =>
        string.IsNullOrEmpty(value) || ClientLanguages.All.Any(l => l.Code == value) ? null : "Pick a language from the list.";

    public static string? DesignValue(CustomDesignKey key, string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : key.Kind == CustomDesignKind.Color
            ? CustomDesign.IsColor(value.Trim()) ? null : "Enter a hex colour such as #1a73e8 (3, 6 or 8 hex digits after #)."
            : HttpsUrl(value);

    /// <summary>All messages for the form, keyed by field; empty when the form may be sent.</summary>
    public static IReadOnlyDictionary<string, string> Validate(JoinLinkForm form)
    {
        var errors = new Dictionary<string, string>();
        void Check(string field, string? message)
        {
            if (message is not null)
            {
                errors[field] = message;
            }
        }
        Check(nameof(form.RoomId), RoomId(form.RoomId));
        Check(nameof(form.DisplayName), DisplayName(form.DisplayName));
        Check(nameof(form.UserId), UserId(form.UserId));
        Check(nameof(form.AvatarUrl), HttpsUrl(form.AvatarUrl));
        Check(nameof(form.PreferredLanguage), PreferredLanguage(form.PreferredLanguage));
        Check(nameof(form.Reason), Reason(form.Reason, form.IsAdmin, form.IsHidden));
        foreach (var key in CustomDesign.Keys)
        {
            Check(key.Key, DesignValue(key, form.Design.GetValueOrDefault(key.Key)));
        }
        return errors;
    }
}
