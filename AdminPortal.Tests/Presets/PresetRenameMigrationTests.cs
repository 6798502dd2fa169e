using AdminPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Presets;

/// <summary>Issue 10: the seeded "Moderator invite" preset becomes "Moderator" in existing databases, unless someone renamed it or took the name.</summary>
public sealed class PresetRenameMigrationTests : IDisposable
{
    private const string BeforeRename = "20261124145957_SharedLimitsAndSetupCodes";

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"adminportal-rename-{Guid.NewGuid():N}.db");

    private readonly ServiceProvider _services;

    public PresetRenameMigrationTests()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["ConnectionStrings:DefaultConnection"] = $"DataSource={_file}" }).Build();
        // As the portal sets it (Identity's schema version shapes the model).
        var services = new ServiceCollection().Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3);
        services.AddPortalDatabase(configuration, Path.GetTempPath());
        _services = services.BuildServiceProvider();
    }

    private ApplicationDbContext Db() => _services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();

    [Theory]
    [InlineData(new[] { "Moderator invite", "Hidden observer" }, new[] { "Hidden observer", "Moderator" })]
    [InlineData(new[] { "Moderator invite", "Moderator" }, new[] { "Moderator", "Moderator invite" })]
    [InlineData(new[] { "Our moderators" }, new[] { "Our moderators" })]
    public async Task The_seeded_moderator_preset_is_renamed_only_where_it_still_has_its_seeded_name(string[] before, string[] after)
    {
        await using (var db = Db())
        {
            await db.GetService<IMigrator>().MigrateAsync(BeforeRename);
            foreach (var name in before)
            {
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "Presets" ("Name", "Description", "IsAdmin", "IsHidden", "Locks", "Roles", "Design", "PreferredLanguage")
                    VALUES ({name}, '', 0, 0, '[]', '[]', {"{}"}, '')
                    """);
            }
        }
        await using (var db = Db())
        {
            await db.Database.MigrateAsync();
            Assert.Equal(after, await db.Presets.Select(p => p.Name).OrderBy(n => n).ToListAsync());
        }
    }

    public void Dispose()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }
}
