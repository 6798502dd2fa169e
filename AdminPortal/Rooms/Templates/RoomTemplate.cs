namespace AdminPortal.Rooms.Templates;

/// <summary>
/// How the portal creates a plugNmeet room (<c>room/create</c>, contract §6.1): features, default locks, messages and limits.
/// Managed by Administrators like presets; the default one is used when a link or invite starts a room.
/// </summary>
public sealed class RoomTemplate
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";

    /// <summary>The template used when nothing names another; at most one is the default.</summary>
    public bool IsDefault { get; set; }

    /// <summary>What room/create receives; stored as JSON so a new field needs no migration.</summary>
    public RoomTemplateSettings Settings { get; set; } = new();

    public DateTimeOffset ChangedAt { get; set; }
}
