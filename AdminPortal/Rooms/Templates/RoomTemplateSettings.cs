using AdminPortal.PlugNmeet;

namespace AdminPortal.Rooms.Templates;

/// <summary>
/// The room/create settings a template holds (contract §6.1), stored as one JSON column. A new instance is plugNmeet's own
/// defaults, so it sends exactly what the portal sent before templates existed. Only settings plugNmeet 2.3+ honours are
/// here: it merges the request into its defaults, so a <c>false</c> cannot switch off chat, whiteboard, notepad, polls,
/// breakout rooms or recording (the page says so and points to the locks).
/// </summary>
public sealed class RoomTemplateSettings
{
    /// <summary>Participants wait until an administrator of the room (a moderator) admits them.</summary>
    public bool WaitingRoom { get; set; }

    public string WaitingRoomMessage { get; set; } = "";

    public bool MuteOnStart { get; set; }

    public bool AdminOnlyWebcams { get; set; }

    public bool AllowRaiseHand { get; set; } = true;

    public bool AllowReactions { get; set; } = true;

    public bool AllowVirtualBackground { get; set; } = true;

    public bool EndToEndEncryption { get; set; }

    public bool EncryptChat { get; set; }

    public bool EncryptWhiteboard { get; set; }

    /// <summary>Keys of the locks a participant starts with (<c>default_lock_settings</c>); plugNmeet's room defaults unless changed.</summary>
    public List<string> Locks { get; set; } = PlugNmeetLocks.RoomDefaultKeys();

    public string WelcomeMessage { get; set; } = "";

    public int? MaxParticipants { get; set; }

    /// <summary>Minutes an empty room stays open; null: the server's 30 minutes.</summary>
    public int? EmptyTimeoutMinutes { get; set; }

    /// <summary>Minutes after which the room ends however busy it is; null: no limit (or the server's maximum).</summary>
    public int? RoomDurationMinutes { get; set; }

    public string LogoutUrl { get; set; } = "";

    /// <summary>Where plugNmeet reports this room's events (when the server allows per-room webhooks).</summary>
    public string WebhookUrl { get; set; } = "";

    public RoomTemplateSettings Copy()
    {
        var copy = (RoomTemplateSettings)MemberwiseClone();
        copy.Locks = [.. Locks];
        return copy;
    }
}
