using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Staff;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Rooms.Templates;

/// <summary>
/// Room templates: everyone reads them (the generator names the one a room will start with); only Administrators change them.
/// Exactly one is the default: it cannot be deleted or un-defaulted, only replaced by making another the default.
/// </summary>
public sealed class RoomTemplateService(IDbContextFactory<ApplicationDbContext> databases, AuditLog audit, TimeProvider time)
{
    public const string AdministratorOnly = "Only Administrators can manage room templates.";

    /// <summary>The seeded default; also what <see cref="ResolveAsync"/> falls back to if no template exists.</summary>
    public const string StandardName = "Standard";

    public static RoomTemplate Standard(DateTimeOffset now) => new()
    {
        Name = StandardName,
        Description = "The plugNmeet server's own defaults, as rooms were started before templates existed.",
        IsDefault = true,
        ChangedAt = now,
    };

    /// <summary>All templates, the default first, then by name.</summary>
    public async Task<IReadOnlyList<RoomTemplate>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var all = await db.RoomTemplates.AsNoTracking().ToListAsync(cancellationToken);
        return all.OrderByDescending(t => t.IsDefault).ThenBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<RoomTemplate?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.RoomTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
    }

    /// <summary>
    /// The template a room started with this preset uses: the preset's own, else the default one. Never null: with no template
    /// at all (not seeded yet) it is an unsaved <see cref="Standard"/> (Id 0), the server's defaults.
    /// </summary>
    public async Task<RoomTemplate> ResolveAsync(int? presetId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var named = presetId is null ? null
            : await db.Presets.AsNoTracking().Where(p => p.Id == presetId).Select(p => p.TemplateId).FirstOrDefaultAsync(cancellationToken);
        RoomTemplate? template = null;
        if (named is not null)
        {
            template = await db.RoomTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Id == named, cancellationToken);
        }
        template ??= await db.RoomTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.IsDefault, cancellationToken);
        return template ?? Standard(time.GetUtcNow());
    }

    /// <summary>Names of the presets that start rooms with this template.</summary>
    public async Task<IReadOnlyList<string>> PresetsUsingAsync(int templateId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Presets.AsNoTracking().Where(p => p.TemplateId == templateId).OrderBy(p => p.Name).Select(p => p.Name).ToListAsync(cancellationToken);
    }

    /// <summary>Adds (Id 0) or updates a template; returns an error message or null. Saving with <see cref="RoomTemplate.IsDefault"/> makes it the only default.</summary>
    public async Task<string?> SaveAsync(StaffActor actor, RoomTemplate template)
    {
        Require(actor);
        var errors = RoomTemplateRules.Validate(template);
        if (errors.Count > 0)
        {
            return string.Join(" ", errors.Values.Distinct());
        }
        template.Name = template.Name.Trim();
        template.Description = template.Description.Trim();
        return await ChangeAsync(actor, async db =>
        {
            if (await db.RoomTemplates.AnyAsync(t => t.Name == template.Name && t.Id != template.Id))
            {
                return ($"A template named \"{template.Name}\" already exists.", null);
            }
            var stored = template.Id == 0 ? null : await db.RoomTemplates.FirstOrDefaultAsync(t => t.Id == template.Id);
            if (template.Id != 0 && stored is null)
            {
                return ("This template was deleted meanwhile: reload the page.", null);
            }
            if (stored is { IsDefault: true } && !template.IsDefault)
            {
                return ("This is the default template: make another template the default instead.", null);
            }
            var before = stored is null ? null : RoomTemplateSummary.Lines(stored);
            if (stored is null)
            {
                stored = new RoomTemplate { Name = template.Name };
                db.RoomTemplates.Add(stored);
            }
            if (template.IsDefault)
            {
                await ClearDefaultAsync(db, template.Id);
            }
            stored.Name = template.Name;
            stored.Description = template.Description;
            stored.IsDefault = template.IsDefault || !await db.RoomTemplates.AnyAsync(t => t.IsDefault && t.Id != template.Id);
            stored.Settings = template.Settings.Copy();
            stored.ChangedAt = time.GetUtcNow();
            await db.SaveChangesAsync();
            template.Id = stored.Id;
            template.IsDefault = stored.IsDefault;
            var detail = before is null
                ? $"created template \"{stored.Name}\": {string.Join(", ", RoomTemplateSummary.Lines(stored).Select(l => $"{l.Label} {l.Value}"))}"
                : $"changed template \"{stored.Name}\": {RoomTemplateSummary.Changes(before, RoomTemplateSummary.Lines(stored))}";
            return (null, detail);
        });
    }

    /// <summary>Makes the template the one used when a preset names none; returns an error message or null.</summary>
    public async Task<string?> SetDefaultAsync(StaffActor actor, int id)
    {
        return await ChangeAsync(actor, async db =>
        {
            var template = await db.RoomTemplates.FirstOrDefaultAsync(t => t.Id == id);
            if (template is null)
            {
                return ("This template was deleted meanwhile: reload the page.", null);
            }
            if (template.IsDefault)
            {
                return (null, null);
            }
            await ClearDefaultAsync(db, id);
            template.IsDefault = true;
            template.ChangedAt = time.GetUtcNow();
            await db.SaveChangesAsync();
            return (null, $"made template \"{template.Name}\" the default");
        });
    }

    /// <summary>
    /// Deletes a template that is not the default; presets that named it start rooms with the default template from then on.
    /// Returns an error message or null.
    /// </summary>
    public async Task<string?> DeleteAsync(StaffActor actor, int id)
    {
        return await ChangeAsync(actor, async db =>
        {
            var template = await db.RoomTemplates.FirstOrDefaultAsync(t => t.Id == id);
            if (template is null)
            {
                return (null, null);
            }
            if (template.IsDefault)
            {
                return ("The default template cannot be deleted: make another template the default first.", null);
            }
            // Set here too, not only by the foreign key, so the audit entry can name the presets.
            var presets = await db.Presets.Where(p => p.TemplateId == id).ToListAsync();
            presets.ForEach(p => p.TemplateId = null);
            db.RoomTemplates.Remove(template);
            await db.SaveChangesAsync();
            return (null, $"deleted template \"{template.Name}\"" + (presets.Count == 0 ? ""
                : $"; presets now using the default template: {string.Join(", ", presets.Select(p => p.Name).Order())}"));
        });
    }

    /// <summary>
    /// Records a room the portal started (for the rooms console: who, and from which template). Time from <see cref="TimeProvider"/>.
    /// </summary>
    public async Task RecordStartedRoomAsync(string roomId, string? sid, string createdBy, RoomTemplate template, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.PortalRooms.Add(new PortalRoom
        {
            RoomId = roomId, Sid = sid, CreatedAt = time.GetUtcNow(), CreatedBy = createdBy,
            TemplateId = template.Id == 0 ? null : template.Id, TemplateName = template.Name,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task ClearDefaultAsync(ApplicationDbContext db, int keepId)
    {
        foreach (var other in await db.RoomTemplates.Where(t => t.IsDefault && t.Id != keepId).ToListAsync())
        {
            other.IsDefault = false;
        }
    }

    /// <summary>
    /// Runs a change under the settings lock (two instances cannot both make a default) and audits it once committed: the audit
    /// trail writes on its own connection, which would wait for this transaction on SQLite.
    /// </summary>
    private async Task<string?> ChangeAsync(StaffActor actor, Func<ApplicationDbContext, Task<(string? Error, string? Detail)>> change)
    {
        Require(actor);
        await using var db = await databases.CreateDbContextAsync();
        var (error, detail) = await PortalDatabase.SerializedAsync(db, PortalDatabase.SettingsLockKey, () => change(db));
        if (detail is not null)
        {
            await audit.AppendAsync(new AuditEntry
            {
                Kind = AuditKinds.RoomTemplateChanged, Actor = actor.Email, ActorRole = actor.Role, ClientIp = actor.ClientIp, Detail = detail,
            });
        }
        return error;
    }

    private static void Require(StaffActor actor)
    {
        if (!actor.IsAdministrator)
        {
            throw new UnauthorizedAccessException(AdministratorOnly);
        }
    }
}
