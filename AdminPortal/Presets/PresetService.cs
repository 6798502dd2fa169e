using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.JoinLinks;
using AdminPortal.PlugNmeet;
using AdminPortal.Staff;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Presets;

/// <summary>Presets and the per-role "presets only" switch. Everyone reads the presets their role may use; only Administrators change them.</summary>
public sealed class PresetService(IDbContextFactory<ApplicationDbContext> databases, AuditLog audit)
{
    public const string AdministratorOnly = "Only Administrators can manage presets.";

    public async Task<IReadOnlyList<Preset>> ListForAsync(StaffActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var all = await db.Presets.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
        return all.Where(p => p.AllowedFor(actor.Role)).ToList();
    }

    public async Task<Preset?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Presets.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
    }

    public async Task<bool> IsPresetsOnlyAsync(string role, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.RoleSettings.AnyAsync(r => r.Role == role && r.PresetsOnly, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, bool>> PresetsOnlyByRoleAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var settings = await db.RoleSettings.AsNoTracking().ToDictionaryAsync(r => r.Role, r => r.PresetsOnly, cancellationToken);
        return StaffRoles.All.ToDictionary(r => r, r => settings.GetValueOrDefault(r));
    }

    public async Task SetPresetsOnlyAsync(StaffActor actor, string role, bool presetsOnly)
    {
        Require(actor);
        if (role == StaffRoles.Administrator || !StaffRoles.All.Contains(role))
        {
            throw new ArgumentException("Only the Moderator and Helpdesk roles can be limited to presets.", nameof(role));
        }
        await using var db = await databases.CreateDbContextAsync();
        // The row is created by the first save; under the settings lock two instances saving at once cannot both insert it.
        await PortalDatabase.SerializedAsync(db, PortalDatabase.SettingsLockKey, async () =>
        {
            var setting = await db.RoleSettings.FindAsync(role);
            if (setting is null)
            {
                db.RoleSettings.Add(new RoleSetting { Role = role, PresetsOnly = presetsOnly });
            }
            else
            {
                setting.PresetsOnly = presetsOnly;
            }
            return await db.SaveChangesAsync();
        });
        await AuditAsync(actor, AuditKinds.RoleSettingChanged, $"{role}: presets only {(presetsOnly ? "on" : "off")}");
    }

    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 500;

    /// <summary>Checks the preset; returns the messages by field, empty when it is fine.</summary>
    public static IReadOnlyDictionary<string, string> Validate(Preset preset)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(preset.Name))
        {
            errors[nameof(Preset.Name)] = "Name is required.";
        }
        else if (StaffService.TooLong("The name", preset.Name, MaxNameLength) is { } name)
        {
            errors[nameof(Preset.Name)] = name;
        }
        if (StaffService.TooLong("The description", preset.Description, MaxDescriptionLength) is { } description)
        {
            errors[nameof(Preset.Description)] = description;
        }
        if (preset.Locks.Except(PlugNmeetLocks.All.Select(l => l.Key)).Any())
        {
            errors[nameof(Preset.Locks)] = "Unknown lock.";
        }
        if (JoinLinkRules.PreferredLanguage(preset.PreferredLanguage) is { } language)
        {
            errors[nameof(Preset.PreferredLanguage)] = language;
        }
        foreach (var key in CustomDesign.Keys)
        {
            if (JoinLinkRules.DesignValue(key, preset.Design.GetValueOrDefault(key.Key)) is { } message)
            {
                errors[key.Key] = message;
            }
        }
        if (preset.Roles.Except(StaffRoles.All).Any())
        {
            errors[nameof(Preset.Roles)] = "Unknown role.";
        }
        else if (preset.Roles.FirstOrDefault(r => !StaffRoles.MayIssue(r, preset.IsAdmin, preset.IsHidden)) is { } barred)
        {
            errors[nameof(Preset.Roles)] = $"{barred} may not issue {(preset.IsAdmin ? "administrator" : "hidden")} links, so cannot be given this preset.";
        }
        return errors;
    }

    /// <summary>Adds (Id 0) or updates a preset; returns an error message or null.</summary>
    public async Task<string?> SaveAsync(StaffActor actor, Preset preset)
    {
        Require(actor);
        var errors = Validate(preset);
        if (errors.Count > 0)
        {
            return string.Join(" ", errors.Values.Distinct());
        }
        preset.Name = preset.Name.Trim();
        preset.Design = preset.Design.Where(d => !string.IsNullOrWhiteSpace(d.Value)).ToDictionary(d => d.Key, d => d.Value.Trim());
        await using var db = await databases.CreateDbContextAsync();
        if (await db.Presets.AnyAsync(p => p.Name == preset.Name && p.Id != preset.Id))
        {
            return $"A preset named \"{preset.Name}\" already exists.";
        }
        if (preset.TemplateId is { } templateId && !await db.RoomTemplates.AnyAsync(t => t.Id == templateId))
        {
            return "The room template this preset names was deleted meanwhile: pick another.";
        }
        var isNew = preset.Id == 0;
        if (isNew)
        {
            db.Presets.Add(preset);
        }
        else
        {
            db.Presets.Update(preset);
        }
        await db.SaveChangesAsync();
        await AuditAsync(actor, AuditKinds.PresetChanged, $"{(isNew ? "created" : "changed")} preset \"{preset.Name}\": {Summary(preset)}");
        return null;
    }

    public async Task DeleteAsync(StaffActor actor, int id)
    {
        Require(actor);
        await using var db = await databases.CreateDbContextAsync();
        var preset = await db.Presets.FindAsync(id);
        if (preset is not null)
        {
            db.Presets.Remove(preset);
            await db.SaveChangesAsync();
            await AuditAsync(actor, AuditKinds.PresetChanged, $"deleted preset \"{preset.Name}\"");
        }
    }

    public static string Summary(Preset preset) =>
        $"administrator {(preset.IsAdmin ? "yes" : "no")}, hidden {(preset.IsHidden ? "yes" : "no")}, " +
        $"locks [{string.Join(", ", preset.Locks)}], language {(preset.PreferredLanguage is { Length: > 0 } l ? l : "default")}, " +
        $"design {CustomDesign.ToJson(preset.Design) ?? "none"}, room template {(preset.TemplateId is { } t ? $"#{t}" : "default")}, " +
        $"roles [{string.Join(", ", preset.Roles)}]";

    private Task AuditAsync(StaffActor actor, string kind, string detail) => audit.AppendAsync(new AuditEntry
    {
        Kind = kind, Actor = actor.Email, ActorRole = actor.Role, ClientIp = actor.ClientIp, Detail = detail,
    });

    private static void Require(StaffActor actor)
    {
        if (!actor.IsAdministrator)
        {
            throw new UnauthorizedAccessException(AdministratorOnly);
        }
    }
}
