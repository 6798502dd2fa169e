using AdminPortal.JoinLinks;
using AdminPortal.PlugNmeet;

namespace AdminPortal.Rooms.Templates;

/// <summary>Field checks for room templates. Each returns the message to show next to the field, or null when the value is fine.</summary>
public static class RoomTemplateRules
{
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 500;
    public const int MaxMessageLength = 2000;
    public const int MaxParticipants = 10_000;

    /// <summary>plugNmeet replaces an empty timeout under 120 seconds with 30 minutes, so less than 2 minutes would not do what it says.</summary>
    public const int MinEmptyTimeoutMinutes = 2;

    public const int MaxMinutes = 7 * 24 * 60;

    public static string? Name(string? value) =>
        string.IsNullOrWhiteSpace(value) ? "Name is required." : TextChecks.TooLong("The name", value, MaxNameLength);

    public static string? Description(string? value) => TextChecks.TooLong("The description", value, MaxDescriptionLength);

    public static string? WelcomeMessage(string? value) => TextChecks.TooLong("The welcome message", value, MaxMessageLength);

    public static string? WaitingRoomMessage(string? value) => TextChecks.TooLong("The waiting room message", value, MaxMessageLength);

    public static string? MaxParticipantsValue(int? value) =>
        value is null or (>= 1 and <= MaxParticipants) ? null : $"Enter a number from 1 to {MaxParticipants:N0}, or leave it empty for the server's limit.";

    public static string? EmptyTimeout(int? value) =>
        value is null or (>= MinEmptyTimeoutMinutes and <= MaxMinutes) ? null
        : $"Enter {MinEmptyTimeoutMinutes} to {MaxMinutes:N0} minutes (plugNmeet uses 30 minutes for anything under 2), or leave it empty for the server's 30 minutes.";

    public static string? RoomDuration(int? value) =>
        value is null or (>= 1 and <= MaxMinutes) ? null : $"Enter 1 to {MaxMinutes:N0} minutes, or leave it empty for no limit.";

    /// <summary>
    /// An optional http(s) address plugNmeet accepts: RFC 3986 as its <c>string.uri</c> rule checks (contract §10), after the same
    /// normalisation as avatar addresses (punycode host, %-encoded UTF-8). http is allowed: the webhook may be a portal on a private network.
    /// </summary>
    public static string? Address(string? value)
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
        if (!trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase) && !trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return AddressExample;
        }
        if (trimmed.Any(char.IsWhiteSpace))
        {
            return "An address cannot contain spaces: write them as %20.";
        }
        return JoinLinkRules.StrictAbsolute(trimmed, httpsOnly: false, AddressExample);
    }

    /// <summary>The form of an accepted address that is sent; null when empty (never sent as "").</summary>
    public static string? NormalizedAddress(string? value) =>
        string.IsNullOrWhiteSpace(value) || Address(value) is not null ? null : StrictUri.Normalize(value.Trim()).Value;

    private const string AddressExample = "Enter a full http:// or https:// address, e.g. https://example.com/goodbye.";

    /// <summary>All messages for the template, keyed by field (the property name); empty when it may be saved.</summary>
    public static IReadOnlyDictionary<string, string> Validate(RoomTemplate template)
    {
        var errors = new Dictionary<string, string>();
        void Check(string field, string? message)
        {
            if (message is not null)
            {
                errors[field] = message;
            }
        }
        var settings = template.Settings;
        Check(nameof(RoomTemplate.Name), Name(template.Name));
        Check(nameof(RoomTemplate.Description), Description(template.Description));
        Check(nameof(settings.WaitingRoomMessage), WaitingRoomMessage(settings.WaitingRoomMessage));
        Check(nameof(settings.WelcomeMessage), WelcomeMessage(settings.WelcomeMessage));
        Check(nameof(settings.MaxParticipants), MaxParticipantsValue(settings.MaxParticipants));
        Check(nameof(settings.EmptyTimeoutMinutes), EmptyTimeout(settings.EmptyTimeoutMinutes));
        Check(nameof(settings.RoomDurationMinutes), RoomDuration(settings.RoomDurationMinutes));
        Check(nameof(settings.LogoutUrl), Address(settings.LogoutUrl));
        Check(nameof(settings.WebhookUrl), Address(settings.WebhookUrl));
        Check(nameof(settings.Locks), settings.Locks.Except(PlugNmeetLocks.All.Select(l => l.Key)).Any() ? "Unknown lock." : null);
        return errors;
    }
}
