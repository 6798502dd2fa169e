using AdminPortal.PlugNmeet;

namespace AdminPortal.JoinLinks;

/// <summary>Field checks for the generator. Each returns the message to show next to the field, or null when the value is fine.</summary>
public static class JoinLinkRules
{
    public const int MaxNameLength = PlugNmeetRules.MaxNameLength;
    public const int MaxReasonLength = 500;

    public static string? RoomId(string? value) =>
        string.IsNullOrWhiteSpace(value) ? "Room ID is required."
        : TextChecks.TooLong("Room ID", value, PlugNmeetRules.MaxRoomIdLength)
        ?? (!PlugNmeetRules.IsValidRoomId(value) ? "Room ID may only contain letters A–Z, digits, - and _ (no spaces)."
        : PlugNmeetRules.ReservedRoomIdMessage(value) is not null ? "Room ID must not start with user_ or contain -FIELD_ (reserved by plugNmeet)."
        : null);

    public static string? RoomTitle(string? value) => TextChecks.TooLong("Room title", value, PlugNmeetRules.MaxRoomTitleLength);

    /// <summary>Also used for open-invite visitors, who type their own name.</summary>
    public static string? DisplayName(string? value) =>
        string.IsNullOrWhiteSpace(value) ? "Display name is required."
        : TextChecks.TooLong("Display name", value, MaxNameLength)
        ?? (TextChecks.IsInvisible(value) ? "Display name is only invisible characters (zero-width or blank): type a name people can read."
        : TextChecks.HasBidiControl(value) ? "Display name contains a text-direction control character (U+202A–U+202E or U+2066–U+2069), which can make a name read backwards: remove it."
        : value.Trim() == PlugNmeetRules.RecorderName ? "This name is reserved by plugNmeet."
        : null);

    public static string? UserId(string? value) => PlugNmeetRules.CheckPortalUserId(value) switch
    {
        null => null,
        UserIdProblem.Empty => "User ID is required.",
        UserIdProblem.InvalidCharacters => "User ID may only contain letters A–Z, digits, - and _ (no spaces).",
        UserIdProblem.ReservedPrefix => "User ID must not start with ingres_, pnm_agent-, pnm_tts_agent- or sip_ (reserved by plugNmeet).",
        UserIdProblem.NativeSuffix => "User ID must not end with -native (reserved by plugNmeet).",
        UserIdProblem.FieldPattern => "User ID must not contain -FIELD_ (reserved by plugNmeet).",
        UserIdProblem.UserPrefix => "User ID must not start with user_ (reserved by plugNmeet).",
        UserIdProblem.TooLong => TextChecks.TooLong("User ID", value, PlugNmeetRules.MaxUserIdLength),
        UserIdProblem.SpecialMeaning => $"User ID {value} has a special meaning in plugNmeet (bots, everyone, or the public chat): choose another.",
        _ => "User ID is not accepted by plugNmeet.",
    };

    /// <summary>Optional https URL (the client is served over https, so http images would be blocked as mixed content).</summary>
    /// <remarks>
    /// Quotes, brackets, backslashes, angle brackets and white space are refused: the conference client pastes these URLs
    /// into CSS <c>url("…")</c> unescaped, so they could end the rule and inject styles. The rest must be RFC 3986
    /// (<see cref="StrictUri"/>) once normalised, as plugNmeet's <c>string.uri</c> rule demands.
    /// </remarks>
    public static string? HttpsUrl(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var trimmed = value.Trim();
        if (TextChecks.TooLong("The address", trimmed, PlugNmeetRules.MaxUrlLength) is { } tooLong)
        {
            return tooLong;
        }
        if (trimmed.FirstOrDefault(c => UnsafeUrlCharacters.Contains(c) || char.IsControl(c)) is var unsafeCharacter and not '\0')
        {
            var shown = unsafeCharacter == ' ' ? "a space" : char.IsControl(unsafeCharacter) ? "a control character" : $"\"{unsafeCharacter}\"";
            return $"This address contains {shown}, which is not allowed here (no quotes, brackets, braces, semicolons, spaces or backslashes): " +
                "remove it, or write it %-encoded.";
        }
        if (!trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return HttpsExample;
        }
        return StrictAbsolute(trimmed, httpsOnly: true, HttpsExample);
    }

    /// <summary>
    /// The checks every address plugNmeet receives shares once its own rules passed: strict RFC 3986 after normalising (contract §10),
    /// the length as sent, and an absolute URL with a host (https only when <paramref name="httpsOnly"/>); otherwise <paramref name="example"/>.
    /// </summary>
    internal static string? StrictAbsolute(string trimmed, bool httpsOnly, string example)
    {
        var strict = StrictUri.Normalize(trimmed);
        if (strict.Problem is not null)
        {
            return strict.Problem;
        }
        return TextChecks.TooLong("The address (as sent)", strict.Value, PlugNmeetRules.MaxUrlLength)
            ?? (Uri.TryCreate(strict.Value, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host)
                && (!httpsOnly || uri.Scheme == Uri.UriSchemeHttps) ? null : example);
    }

    /// <summary>The form of an accepted URL that is sent (punycode host, %-encoded UTF-8); null when empty or refused.</summary>
    public static string? NormalizedUrl(string? value) =>
        string.IsNullOrWhiteSpace(value) || HttpsUrl(value) is not null ? null : StrictUri.Normalize(value.Trim()).Value;

    private const string HttpsExample = "Enter a full https:// address, e.g. https://example.com/picture.png.";

    private static readonly char[] UnsafeUrlCharacters = ['"', '\'', '(', ')', '\\', '<', '>', ' ', '{', '}', ';'];

    public static string? Reason(string? value, bool isAdmin, bool isHidden) =>
        (isAdmin || isHidden) && string.IsNullOrWhiteSpace(value)
            ? "A reason (e.g. a ticket number) is required for hidden and administrator links."
            : TextChecks.TooLong("The reason", value, MaxReasonLength);

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
        Check(nameof(form.RoomTitle), RoomTitle(form.RoomTitle));
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
