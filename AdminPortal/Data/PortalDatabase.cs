using AdminPortal.Presets;
using AdminPortal.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Data;

public static class PortalDatabase
{
    /// <summary>Creates or migrates the database, makes sure the three roles exist, and seeds the default presets into a new database.</summary>
    public static async Task MigrateAndSeedAsync(ApplicationDbContext db, CancellationToken cancellationToken = default)
    {
        var isNew = !(await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any();
        await db.Database.MigrateAsync(cancellationToken);
        var existing = await db.Roles.Select(r => r.Name).ToListAsync(cancellationToken);
        db.Roles.AddRange(StaffRoles.All.Except(existing.OfType<string>())
            .Select(name => new IdentityRole(name) { NormalizedName = name.ToUpperInvariant() }));
        if (isNew)
        {
            // The two everyday presets exist from the start; once deleted they stay deleted.
            db.Presets.AddRange(Preset.Defaults());
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
