using AdminPortal.JoinLinks;
using AdminPortal.PlugNmeet;
using AdminPortal.Staff;

namespace AdminPortal.Presets;

/// <summary>A named starting point for the generator, managed by Administrators, usable by the roles it lists.</summary>
public sealed class Preset
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public bool IsAdmin { get; set; }
    public bool IsHidden { get; set; }

    /// <summary>Keys of the locks the preset turns on (the rest off).</summary>
    /// <summary>A new preset starts with the generator's defaults: the locks a plugNmeet room applies.</summary>
    public List<string> Locks { get; set; } = PlugNmeetLocks.RoomDefaultKeys();

    public string PreferredLanguage { get; set; } = "";

    /// <summary>custom_design values by key.</summary>
    public Dictionary<string, string> Design { get; set; } = [];

    /// <summary>The room template a room started with this preset uses; null: the default template.</summary>
    public int? TemplateId { get; set; }

    /// <summary>Roles that may use the preset (Administrators always may).</summary>
    public List<string> Roles { get; set; } = [];

    public bool AllowedFor(string role) => role == StaffRoles.Administrator || Roles.Contains(role);

    /// <summary>Fills the form's link settings (flags, locks, language, design); who and where stay as typed.</summary>
    public void ApplyTo(JoinLinkForm form)
    {
        form.IsAdmin = IsAdmin;
        form.IsHidden = IsHidden;
        form.Locks.Clear();
        form.Locks.UnionWith(Locks);
        form.PreferredLanguage = PreferredLanguage;
        form.Design.Clear();
        foreach (var (key, value) in Design)
        {
            form.Design[key] = value;
        }
    }

    /// <summary>Whether the form's link settings are exactly the preset's (for roles limited to presets).</summary>
    public bool Matches(JoinLinkForm form) =>
        form.IsAdmin == IsAdmin && form.IsHidden == IsHidden
        && (IsAdmin || form.Locks.SetEquals(Locks))
        && form.PreferredLanguage == PreferredLanguage
        && CustomDesign.ToJson(form.Design) == CustomDesign.ToJson(Design);

    /// <summary>Was "Moderator invite" before issue 10: a preset fills in the generator's form, and "invite" means the durable /j/ kind.</summary>
    public const string DefaultModeratorName = "Moderator";

    public static IEnumerable<Preset> Defaults() =>
    [
        new()
        {
            Name = DefaultModeratorName,
            Description = "Administrator in the room: can manage participants and end the meeting.",
            IsAdmin = true,
            Roles = [StaffRoles.Moderator],
        },
        new()
        {
            Name = "Hidden observer",
            Description = "Not an administrator, hidden from the participant list, every lock on.",
            IsHidden = true,
            Locks = PlugNmeetLocks.All.Select(l => l.Key).ToList(),
            Roles = [StaffRoles.Helpdesk],
        },
    ];
}
