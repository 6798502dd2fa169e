using System.Net;
using AdminPortal.Data;
using AdminPortal.Hosting;
using AdminPortal.Tests.TestHelpers;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Hosting;

public sealed class DatabaseAvailabilityTests
{
    [Fact]
    public async Task Every_SQLite_connection_waits_with_SQLites_own_busy_timeout_in_write_ahead_logging_and_the_default_has_no_shared_cache()
    {
        await using var portal = new PortalFactory();
        _ = portal.BaseUrl;
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();

        var timeout = await db.Database.SqlQuery<long>($"SELECT timeout AS Value FROM pragma_busy_timeout").SingleAsync();

        Assert.Equal(DatabaseAvailability.BusyTimeoutSeconds * 1000, timeout);
        Assert.Equal("wal", await db.Database.SqlQuery<string>($"SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync());
        Assert.Equal(1L, await db.Database.SqlQuery<long>($"SELECT synchronous AS Value FROM pragma_synchronous").SingleAsync()); // NORMAL
        Assert.Equal(SqliteCacheMode.Default, new SqliteConnectionStringBuilder(DatabaseProviders.DefaultConnectionString).Cache);
    }

    [Fact]
    public async Task A_locked_database_gives_a_503_page_that_says_so_after_a_short_busy_timeout()
    {
        await using var portal = new PortalFactory();
        await portal.CreateAdministratorAsync();
        using var http = new PortalHttp(portal);
        await using var scope = portal.Services.CreateAsyncScope();
        var connection = (SqliteConnection)scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Database.GetDbConnection();
        Assert.Equal(DatabaseAvailability.BusyTimeoutSeconds, new SqliteConnectionStringBuilder(connection.ConnectionString).DefaultTimeout);

        // Another program holds the database with an exclusive transaction (in WAL mode, readers still read; writers must wait).
        var holder = new SqliteConnection(new SqliteConnectionStringBuilder(connection.ConnectionString) { Pooling = false }.ToString());
        await holder.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            await begin.ExecuteNonQueryAsync();
        }
        var response = await http.SignInAsync(password: "wrong-password-1"); // a failed sign-in writes (the attempt count, the audit entry)
        await holder.DisposeAsync(); // closing the connection ends the lock

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains(DatabaseAvailability.UnavailableMessage, await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync()).StatusCode); // and the portal works again once the lock is gone
    }

    [Fact]
    public async Task A_read_only_database_stops_the_start_with_one_clear_message_and_a_non_zero_exit()
    {
        var directory = Directory.CreateTempSubdirectory("adminportal-readonly-");
        try
        {
            var file = Path.Combine(directory.FullName, "portal.db");
            await CreateMigratedDatabaseAsync(file);

            // Tests run as root, for whom file permissions do not make a file read-only; SQLite's read-only mode gives exactly the
            // error a portal sees on a file it may not write (SQLITE_READONLY, "attempt to write a readonly database").
            var (exitCode, output) = await PortalProcess.RunToExitAsync(directory.FullName, $"DataSource={file};Mode=ReadOnly");

            Assert.Equal(1, exitCode);
            Assert.Contains("crit:", output);
            Assert.Contains($"The database {file} cannot be used: it is read-only", output);
            Assert.Contains("make the file and its folder writable", output);
            Assert.DoesNotContain("Unhandled exception", output);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_unreachable_PostgreSQL_server_stops_the_start_with_one_clear_message_and_a_non_zero_exit()
    {
        var directory = Directory.CreateTempSubdirectory("adminportal-nopg-");
        try
        {
            using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            closed.Start();
            var port = ((IPEndPoint)closed.LocalEndpoint).Port;
            closed.Stop(); // nothing listens there now

            var (exitCode, output) = await PortalProcess.RunToExitAsync(directory.FullName,
                $"Host=127.0.0.1;Port={port};Database=adminportal;Username=portal;Password=never-logged-9;Timeout=3", "PostgreSQL");

            Assert.Equal(1, exitCode);
            Assert.Contains("crit:", output);
            Assert.Contains("The database adminportal on the PostgreSQL server", output);
            Assert.Contains("cannot be reached or refuses the portal", output);
            Assert.DoesNotContain("Unhandled exception", output);
            Assert.DoesNotContain("never-logged-9", output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task CreateMigratedDatabaseAsync(string file)
    {
        await using var services = new ServiceCollection()
            .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
            .AddDbContext<ApplicationDbContext>(o => o.UseSqlite($"DataSource={file}"))
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await PortalDatabase.MigrateAndSeedAsync(scope.ServiceProvider.GetRequiredService<ApplicationDbContext>());
    }
}
