using AdminPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.PostgreSql;

/// <summary>Issue 9: <c>Database:Provider</c> chooses SQLite (the default) or PostgreSQL, and says plainly what is wrong otherwise.</summary>
public sealed class DatabaseProviderTests
{
    private static ServiceProvider Services(params (string Key, string? Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => s.Value)).Build();
        // As the portal sets it: EF caches a context type's model process-wide, so a different Identity schema here would leak.
        var services = new ServiceCollection().Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3);
        services.AddPortalDatabase(configuration, Path.GetTempPath());
        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sqlite")]
    public void No_provider_or_sqlite_gives_SQLite(string? provider)
    {
        using var services = Services(("Database:Provider", provider), ("ConnectionStrings:DefaultConnection", "DataSource=:memory:"));
        using var db = services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();

        Assert.Equal(typeof(ApplicationDbContext), db.GetType());
        Assert.True(db.Database.IsSqlite());
    }

    [Theory]
    [InlineData("PostgreSQL")]
    [InlineData("postgresql")]
    public void PostgreSQL_gives_the_PostgreSQL_context_with_its_own_migrations(string provider)
    {
        using var services = Services(("Database:Provider", provider), ("ConnectionStrings:DefaultConnection", "Host=127.0.0.1;Database=x"));
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();

        Assert.IsType<PostgreSqlDbContext>(db);
        Assert.True(db.Database.IsNpgsql());
        Assert.IsType<PostgreSqlDbContext>(services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext());
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.All(db.Database.GetMigrations(), id => Assert.DoesNotContain(id, SqliteMigrations()));
    }

    [Fact]
    public void The_SQLite_migration_ids_are_the_ones_existing_databases_already_recorded()
    {
        Assert.Equal(["20261124064620_InitialSchema", "20261124065741_StaffPresetsAudit", "20261124071924_Invites", "20261124123037_Hardening",
            "20261124142705_DataProtectionKeys", "20261124145957_SharedLimitsAndSetupCodes",
            "20261124152211_Branding_PresetNames", "20261124203815_RoomsTemplatesServerSettings",
            "20261124205637_WebhookEvents", "20261124213909_Attendance", "20261124230517_EmailSettings", "20261125000210_BulkInvitesAndOutbox", "20261125004550_OutboxBaseUrl"],
            SqliteMigrations());
    }

    [Fact]
    public void An_unknown_provider_is_refused_with_the_known_ones_named()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Services(("Database:Provider", "Oracle")));

        Assert.Equal("Database:Provider \"Oracle\" is not known: use Sqlite (the default, an embedded file) or PostgreSQL.", refused.Message);
    }

    [Fact]
    public void PostgreSQL_without_a_connection_string_is_refused_with_an_example()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Services(("Database:Provider", "PostgreSQL")));

        Assert.StartsWith("Database:Provider is PostgreSQL but ConnectionStrings:DefaultConnection is empty", refused.Message);
    }

    private static List<string> SqliteMigrations()
    {
        using var services = Services(("ConnectionStrings:DefaultConnection", "DataSource=:memory:"));
        using var db = services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();
        return [.. db.Database.GetMigrations()];
    }
}
