using AdminPortal.PlugNmeet;

namespace AdminPortal.JoinLinks;

/// <summary>Everything staff fill in on the generator; bound to the form, checked by <see cref="JoinLinkRules"/>.</summary>
public sealed class JoinLinkForm
{
    public string RoomId { get; set; } = "";

    /// <summary>Used only when the room has to be created; the room id stands in when it is empty.</summary>
    public string RoomTitle { get; set; } = "";

    public string DisplayName { get; set; } = "";
    public string UserId { get; set; } = "";
    public bool IsAdmin { get; set; }
    public bool IsHidden { get; set; }
    public string AvatarUrl { get; set; } = "";

    /// <summary>Keys of the locks that are on; starts with the room's own defaults.</summary>
    public HashSet<string> Locks { get; } = [.. PlugNmeetLocks.RoomDefaultKeys()];

    /// <summary>A client language code such as <c>de-DE</c>; empty leaves the participant's browser to decide.</summary>
    public string PreferredLanguage { get; set; } = "";

    /// <summary>custom_design values by key; empty values are left out of the link.</summary>
    public Dictionary<string, string> Design { get; } = [];

    /// <summary>The preset the settings came from, if any (recorded in the audit trail; required for roles limited to presets).</summary>
    public int? PresetId { get; set; }

    /// <summary>Why the link is issued, e.g. a ticket number; required for hidden and administrator links.</summary>
    public string Reason { get; set; } = "";
}
