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

    /// <summary>PostgreSQL compares and orders timestamptz itself: no ticks, only the UTC offset it requires.</summary>
    protected override void MapTimes(ModelBuilder builder)
    {
    }

    private sealed class ToUtc() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v.ToUniversalTime());
}
