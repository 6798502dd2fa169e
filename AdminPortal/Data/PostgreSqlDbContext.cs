using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AdminPortal.Data;

/// <summary>
/// The portal's model on PostgreSQL, with its own migrations (Data/Migrations/PostgreSQL): times are stored natively as
/// <c>timestamptz</c>, always written in UTC because Npgsql refuses any other offset for that type.
/// </summary>
public sealed class PostgreSqlDbContext(DbContextOptions<PostgreSqlDbContext> options) : ApplicationDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<ToUtc>();
    }

    /// <summary>
    /// A preset's template as a foreign key that empties when the template goes. Not on SQLite, where adding one to an existing
    /// table rebuilds it outside a transaction; there <see cref="AdminPortal.Rooms.Templates.RoomTemplateService"/> empties it
    /// itself on delete, and a preset naming a missing template gets the default one.
    /// </summary>
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<AdminPortal.Presets.Preset>()
            .HasOne<AdminPortal.Rooms.Templates.RoomTemplate>().WithMany().HasForeignKey(p => p.TemplateId).OnDelete(DeleteBehavior.SetNull);
    }

    /// <summary>PostgreSQL compares and orders timestamptz itself: no ticks, only the UTC offset it requires.</summary>
    protected override void MapTimes(ModelBuilder builder)
    {
    }

    private sealed class ToUtc() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v.ToUniversalTime());
}
