namespace AdminPortal.Rooms;

/// <summary>A plugNmeet room session the portal started (room/create), so the rooms console can say who started it and from which template.</summary>
public sealed class PortalRoom
{
    public long Id { get; set; }
    public required string RoomId { get; set; }

    /// <summary>plugNmeet's session id from the create reply; a later session of the same room id has another.</summary>
    public string? Sid { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The staff member whose link or invite started it (e-mail), or the invite's creator when a visitor opened it.</summary>
    public string CreatedBy { get; set; } = "";

    public int? TemplateId { get; set; }

    /// <summary>The template's name at the time, kept when the template is renamed or deleted.</summary>
    public string? TemplateName { get; set; }
}
