using AdminPortal.Presets;
using AdminPortal.Rooms.Templates;
using AdminPortal.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Data;

public static class PortalDatabase
{
    /// <summary>Any constant: the PostgreSQL advisory lock every instance takes while it seeds.</summary>
    private const long SeedLockKey = 0x41_64_6D_69_6E_50_6F_72; // "AdminPor"

    /// <summary>Any other constant: the PostgreSQL advisory lock an instance holds while it migrates.</summary>
    private const long MigrationLockKey = SeedLockKey + 1;

    /// <summary>Taken by every change to who is an active Administrator, and by first-run setup, on every instance.</summary>
    public const long StaffLockKey = SeedLockKey + 2;

    /// <summary>Taken while a settings row is read and then inserted or updated, so two instances never both insert it.</summary>
    public const long SettingsLockKey = SeedLockKey + 3;

    /// <summary>
    /// Creates or migrates the database, makes sure the three roles exist, and seeds the default presets into a new database.
    /// Returns the migrations this call applied.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MigrateAndSeedAsync(ApplicationDbContext db, CancellationToken cancellationToken = default)
    {
        List<string> pending;
        bool isNew;
        var postgreSql = db.Database.IsNpgsql();
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging: readers no longer wait for a writer, and a commit is one append instead of a journal round trip.
            // The mode is kept in the file, so this is a no-op after the first start (and "memory" for an in-memory database).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL", cancellationToken);
        }
        // EF's own migration lock on PostgreSQL lasts one migration's transaction, so two instances could both apply the later ones;
        // a session lock held across all of them makes the second instance find them applied. (SQLite keeps EF's own handling.)
        if (postgreSql)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
        }
        try
        {
            isNew = !(await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any();
            pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                // Skipped when up to date (every restart): MigrateAsync would still build and diff the whole model.
                await db.Database.MigrateAsync(cancellationToken);
            }
        }
        finally
        {
            if (postgreSql)
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        }
        await SeedOnceAsync(db, async () =>
        {
            var existing = await db.Roles.Select(r => r.Name).ToListAsync(cancellationToken);
            db.Roles.AddRange(StaffRoles.All.Except(existing.OfType<string>())
                .Select(name => new IdentityRole(name) { NormalizedName = name.ToUpperInvariant() }));
            // The two everyday presets exist from the start; once deleted they stay deleted. Another instance may have seeded them already.
            if (isNew && !await db.Presets.AnyAsync(cancellationToken))
            {
                db.Presets.AddRange(Preset.Defaults());
            }
            // Not only on a new database: one upgraded to templates needs its default too.
            if (!await db.RoomTemplates.AnyAsync(cancellationToken))
            {
                db.RoomTemplates.Add(RoomTemplateService.Standard(TimeProvider.System.GetUtcNow()));
            }
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }, cancellationToken);
        return pending;
    }

    /// <summary>
    /// Runs a read-then-insert seed so that instances starting together on one database take turns: SQLite's write transaction
    /// (BEGIN IMMEDIATE) or a PostgreSQL advisory lock, so the second one reads what the first wrote instead of colliding.
    /// </summary>
    public static Task<T> SeedOnceAsync<T>(ApplicationDbContext db, Func<Task<T>> seed, CancellationToken cancellationToken = default) =>
        SerializedAsync(db, SeedLockKey, seed, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction that no other instance's call with the same <paramref name="lockKey"/> overlaps:
    /// on PostgreSQL a transaction-scoped advisory lock, on SQLite the write transaction Microsoft.Data.Sqlite begins (BEGIN
    /// IMMEDIATE). The work must use <paramref name="db"/> (or services on the same scoped context) to be part of it.
    /// </summary>
    public static async Task<T> SerializedAsync<T>(ApplicationDbContext db, long lockKey, Func<Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({lockKey})", cancellationToken);
        }
        var result = await work();
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
