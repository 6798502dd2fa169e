using System.Net;
using System.Net.Sockets;
using AdminPortal.Data;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Data.Sqlite;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Hosting;

public sealed class MigrateOnlyTests
{
    [Fact]
    public async Task Migrate_only_applies_the_migrations_to_a_fresh_database_and_exits_0_without_listening()
    {
        var directory = Directory.CreateTempSubdirectory("adminportal-migrate-only-");
        // The portal is told to listen on a port this test holds: had it started the web server, it would fail to bind and exit 1.
        using var held = new TcpListener(IPAddress.Loopback, 0);
        held.Start();
        try
        {
            var file = Path.Combine(directory.FullName, "portal.db");
            var (exitCode, output) = await PortalProcess.RunToExitAsync(directory.FullName, $"DataSource={file}",
                urls: $"http://127.0.0.1:{((IPEndPoint)held.LocalEndpoint).Port}", arguments: "--migrate-only");

            Assert.True(exitCode == 0, output);
            Assert.Contains("Database migrated:", output);
            Assert.Contains("--migrate-only: the database is migrated and seeded", output);
            Assert.DoesNotContain("Now listening on", output);

            // The portal's Identity schema, as the portal builds it (EF caches a context's model process-wide).
            await using var services = new ServiceCollection()
                .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
                .AddDbContext<ApplicationDbContext>(o => o.UseSqlite($"DataSource={file};Pooling=False"))
                .BuildServiceProvider();
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.NotEmpty(await db.Roles.ToListAsync()); // seeded too
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }
}
