using AdminPortal.PlugNmeet;

namespace AdminPortal.Rooms.Templates;

/// <summary>
/// Turns a template into the <c>room/create</c> body (contract §6.1). Whatever equals plugNmeet's default is left out, so the
/// default settings send exactly <c>{"room_id":…,"metadata":{"room_title":…,"room_features":{}}}</c>, the body before templates.
/// </summary>
public static class RoomTemplateRequest
{
    /// <param name="portalWebhookUrl">The portal's own webhook address, sent when the template names none (issue 13: attendance).</param>
    public static CreateRoomRequest Build(string roomId, string title, RoomTemplateSettings settings, string? portalWebhookUrl = null)
    {
        var features = new RoomFeatures
        {
            MuteOnStart = settings.MuteOnStart ? true : null,
            AdminOnlyWebcams = settings.AdminOnlyWebcams ? true : null,
            RoomDuration = settings.RoomDurationMinutes is > 0 and var minutes ? (ulong)minutes : null,
            // Optional bools in the proto: plugNmeet honours an explicit false, and its default is true.
            AllowVirtualBg = settings.AllowVirtualBackground ? null : false,
            AllowRaiseHand = settings.AllowRaiseHand ? null : false,
            AllowReactions = settings.AllowReactions ? null : false,
            WaitingRoomFeatures = settings.WaitingRoom
                ? new(true, string.IsNullOrWhiteSpace(settings.WaitingRoomMessage) ? null : settings.WaitingRoomMessage.Trim())
                : null,
            EndToEndEncryptionFeatures = settings.EndToEndEncryption ? new(true, settings.EncryptChat, settings.EncryptWhiteboard) : null,
        };
        var locks = settings.Locks.ToHashSet();
        var metadata = new RoomMetadata(title, features)
        {
            WelcomeMessage = string.IsNullOrWhiteSpace(settings.WelcomeMessage) ? null : settings.WelcomeMessage.Trim(),
            WebhookUrl = RoomTemplateRules.NormalizedAddress(settings.WebhookUrl) ?? portalWebhookUrl,
            LogoutUrl = RoomTemplateRules.NormalizedAddress(settings.LogoutUrl),
            // All ten set explicitly once they differ from a new room's, so the room gets exactly what the template says.
            DefaultLockSettings = locks.SetEquals(PlugNmeetLocks.RoomDefaultKeys()) ? null : PlugNmeetLocks.ToSettings(locks),
        };
        return new CreateRoomRequest(roomId, metadata)
        {
            EmptyTimeout = settings.EmptyTimeoutMinutes is > 0 and var timeout ? (uint)timeout * 60 : null,
            MaxParticipants = settings.MaxParticipants is > 0 and var max ? (uint)max : null,
        };
    }
}
