using System.Net;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Invites;
using AdminPortal.JoinLinks;
using AdminPortal.Presets;
using AdminPortal.Staff;
using AdminPortal.Tests.Invites;
using AdminPortal.Tests.TestHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AdminPortal.Tests.PostgreSql;

/// <summary>Issue 9: the portal on a real PostgreSQL server (one throwaway cluster for the class, a fresh database per test).</summary>
public sealed class PostgreSqlTests(PostgreSqlCluster cluster) : IClassFixture<PostgreSqlCluster>, IAsyncLifetime
{
    private readonly List<PortalFactory> _portals = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var portal in _portals)
        {
            await portal.DisposeAsync();
        }
    }

    private PortalFactory Portal(string connectionString)
    {
        var portal = new PortalFactory
        {
            Settings =
            {
                ["Database:Provider"] = "PostgreSQL",
                ["ConnectionStrings:DefaultConnection"] = connectionString,
                ["Invites:OpensPerMinute"] = "1000",
            },
        };
        _portals.Add(portal);
        return portal;
    }

    [Fact]
    public async Task Migrations_apply_with_timestamptz_columns_and_setup_sign_in_and_a_link_work_over_http()
    {
        var database = await cluster.CreateDatabaseAsync();
        var portal = Portal(database);
        using var http = new PortalHttp(portal);

        var setup = await http.SubmitFormAsync("setup", "setup", new Dictionary<string, string>
        {
            ["Input.SetupCode"] = portal.SetupCode(), ["Input.Email"] = PortalFactory.AdminEmail, ["Input.DisplayName"] = "Ada Admin",
            ["Input.Password"] = PortalFactory.AdminPassword, ["Input.ConfirmPassword"] = PortalFactory.AdminPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, setup.StatusCode);
        using var staff = new PortalHttp(portal);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SignInAsync()).StatusCode);
        Assert.Contains("Join link generator", await (await staff.GetAsync("")).Content.ReadAsStringAsync());

        var generated = await GenerateLinkAsync(portal);
        using var participant = new HttpClient();
        Assert.Contains("On PostgreSQL", WebUtility.HtmlDecode(await participant.GetStringAsync(generated.Url)));

        await using var scope = portal.Services.CreateAsyncScope();

        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        Assert.IsType<PostgreSqlDbContext>(db);
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal("timestamp with time zone", await ScalarAsync(database,
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'Invites' AND column_name = 'ValidUntil'"));
        Assert.Equal("timestamp with time zone", await ScalarAsync(database,
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'AuditEntries' AND column_name = 'TimeUtc'"));
        // The link and the sign-in were audited with their times, which read back in UTC and in order.
        var times = await db.AuditEntries.OrderBy(e => e.TimeUtc).Select(e => e.TimeUtc).ToListAsync();
        Assert.Contains(await db.AuditEntries.Select(e => e.Kind).ToListAsync(), kind => kind == AuditKinds.LinkIssued);
        Assert.All(times, time => Assert.Equal(TimeSpan.Zero, time.Offset));

        // The audit filter compares timestamptz with times in any offset (the page sends local ones).
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var now = portal.Clock.GetUtcNow();
        var around = new AuditFilter { From = now.AddHours(-1).ToOffset(TimeSpan.FromHours(2)), Until = now.AddHours(1).ToOffset(TimeSpan.FromHours(-5)) };
        var later = new AuditFilter { From = now.AddMinutes(1).ToOffset(TimeSpan.FromHours(2)) };
        Assert.Contains("pg-room", await CsvAsync(audit, around));
        Assert.DoesNotContain("pg-room", await CsvAsync(audit, later));
    }

    [Fact]
    public async Task An_invite_opens_and_200_concurrent_joins_of_a_one_use_invite_give_exactly_one_token()
    {
        var portal = Portal(await cluster.CreateDatabaseAsync());
        await portal.CreateAdministratorAsync();
        using var visitor = new InviteVisitor();
        var form = new JoinLinkForm { RoomId = "pg-invite", RoomTitle = "Parents' evening", DisplayName = "Zoë", UserId = "zoe-1" };
        // An offset other than UTC on purpose: Npgsql refuses to write it to timestamptz unless the portal converts it.
        var now = portal.Clock.GetUtcNow();
        var from = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(2));
        var reusable = await CreateInviteAsync(portal, form, from, maxUses: null);
        var once = await CreateInviteAsync(portal, form, from, maxUses: 1);

        Assert.Equal(HttpStatusCode.SeeOther, (await visitor.OpenAsync(reusable.Url!)).Status);
        var token = await visitor.FormTokenAsync(once.Url!);
        using var start = new ManualResetEventSlim();
        var joins = Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await visitor.PostAsync(once.Url!, token);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(joins);

        Assert.Single(results, r => r.Status == HttpStatusCode.SeeOther);
        Assert.Equal(199, results.Count(r => r.Status is HttpStatusCode.Gone or HttpStatusCode.ServiceUnavailable));
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        Assert.Equal(1, (await db.Invites.SingleAsync(i => i.Id == once.Invite!.Id)).Uses);
        Assert.Empty(await db.InviteUseLeases.ToListAsync());
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Kind == AuditKinds.InviteUsed && e.TokenSha256 != null));
        Assert.Equal(from, (await db.Invites.SingleAsync(i => i.Id == once.Invite!.Id)).ValidFrom);
    }

    [Theory]
    [InlineData("""UPDATE "AuditEntries" SET "Detail" = 'rewritten'""", "cannot be changed")]
    [InlineData("""DELETE FROM "AuditEntries" """, "cannot be deleted")]
    [InlineData("""TRUNCATE "AuditEntries" """, "cannot be truncated")]
    public async Task The_audit_table_refuses_update_delete_and_truncate(string statement, string refusal)
    {
        var database = await cluster.CreateDatabaseAsync();
        var portal = Portal(database);
        await portal.CreateAdministratorAsync();
        await GenerateLinkAsync(portal); // audited
        var before = await ScalarAsync(database, """SELECT count(*) FROM "AuditEntries" """);
        Assert.NotEqual(0L, before);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(database, statement));

        Assert.Contains(refusal, refused.MessageText);
        Assert.Equal(before, await ScalarAsync(database, """SELECT count(*) FROM "AuditEntries" """));
        Assert.Equal(0L, await ScalarAsync(database, """SELECT count(*) FROM "AuditEntries" WHERE "Detail" = 'rewritten'"""));
    }

    [Fact]
    public async Task A_read_only_database_gives_the_503_page_and_the_portal_works_again_once_it_is_writable()
    {
        var database = await cluster.CreateDatabaseAsync();
        var portal = Portal(database);
        await portal.CreateAdministratorAsync();
        using var http = new PortalHttp(portal);
        var name = new NpgsqlConnectionStringBuilder(database).Database;

        // As on a standby: every new session is read-only (the pools are emptied so the portal opens new ones).
        await ScalarAsync(cluster.ConnectionString("postgres"), $"ALTER DATABASE {name} SET default_transaction_read_only = on");
        NpgsqlConnection.ClearAllPools();
        var response = await http.SignInAsync(password: "wrong-password-1"); // a failed sign-in writes (the attempt count, the audit entry)
        await ScalarAsync(cluster.ConnectionString("postgres"), $"ALTER DATABASE {name} RESET default_transaction_read_only");
        NpgsqlConnection.ClearAllPools();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains(AdminPortal.Hosting.DatabaseAvailability.UnavailableMessage, await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync()).StatusCode);
    }

    [Fact]
    public async Task Two_instances_starting_together_on_an_empty_database_both_come_up_and_seed_once()
    {
        var database = await cluster.CreateDatabaseAsync();
        var first = Portal(database);
        var second = Portal(database);

        using var go = new ManualResetEventSlim();
        var starts = new[] { first, second }.Select(portal => Task.Run(() =>
        {
            go.Wait();
            return portal.BaseUrl;
        })).ToList();
        go.Set();
        await Task.WhenAll(starts);

        await first.CreateAdministratorAsync();
        using var http = new PortalHttp(second);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync()).StatusCode); // the account made on one works on the other
        await using var scope = second.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        Assert.Equal(StaffRoles.All.Order(), (await db.Roles.Select(r => r.Name!).ToListAsync()).Order());
        Assert.Equal(Preset.Defaults().Select(p => p.Name).Order(), (await db.Presets.Select(p => p.Name).ToListAsync()).Order());
        Assert.Equal(1, await db.SandboxCredentials.CountAsync());
        Assert.Equal(first.Connection.ApiKey, second.Connection.ApiKey);
    }

    [Fact]
    public async Task Webhooks_delivered_many_times_at_once_are_stored_once_and_attendance_reads_them()
    {
        var portal = Portal(await cluster.CreateDatabaseAsync());
        await portal.CreateAdministratorAsync();
        await GenerateLinkAsync(portal);
        var at = portal.Clock.GetUtcNow();
        var join = TestHelpers.Webhooks.Body("participant_joined", "pg-room", "RM_pg", at.AddMinutes(1), "zoe-1", "PA_z", "Zoë", at.AddMinutes(1), id: "pg-join");

        // plugNmeet's retries and a second instance can deliver one event concurrently: the unique event id keeps one row.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => TestHelpers.Webhooks.SendAsync(portal, join)));
        await TestHelpers.Webhooks.SendAsync(portal, TestHelpers.Webhooks.Body("participant_left", "pg-room", "RM_pg", at.AddMinutes(31), "zoe-1", "PA_z",
            "Zoë", at.AddMinutes(1)));

        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        Assert.Equal(1, await db.WebhookEvents.CountAsync(e => e.EventId == "pg-join"));
        var issued = await db.AuditEntries.Where(a => a.Kind == AuditKinds.LinkIssued).Select(a => a.Id).SingleAsync();
        var stay = Assert.Single((await scope.ServiceProvider.GetRequiredService<AdminPortal.Attendance.AttendanceService>().ForAdmissionsAsync([issued]))[issued]);
        Assert.Equal(TimeSpan.FromMinutes(30), stay.Duration(at.AddHours(1)));
        var room = await scope.ServiceProvider.GetRequiredService<AdminPortal.Attendance.AttendanceService>().ForRoomAsync("pg-room");
        Assert.Equal("RM_pg", room.Session!.Sid);
        Assert.Equal(PortalFactory.AdminEmail, room.LetIn("zoe-1")!.IssuedBy);
    }

    private static async Task<JoinLink> GenerateLinkAsync(PortalFactory portal)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var generated = await scope.ServiceProvider.GetRequiredService<JoinLinkService>().GenerateAsync(
            new JoinLinkForm { RoomId = "pg-room", RoomTitle = "On PostgreSQL", DisplayName = "Zoë", UserId = "zoe-1" },
            await portal.ActorAsync(), new Uri(portal.BaseUrl + "/"));
        Assert.True(generated.Succeeded, generated.Error);
        return generated.Link!;
    }

    private static async Task<InviteOutcome> CreateInviteAsync(PortalFactory portal, JoinLinkForm form, DateTimeOffset from, int? maxUses)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var invite = await scope.ServiceProvider.GetRequiredService<InviteService>().CreateAsync(form,
            new InviteTerms(InviteKind.Personal, from, from + TimeSpan.FromDays(7), maxUses), await portal.ActorAsync(), new Uri(portal.BaseUrl + "/"));
        Assert.True(invite.Succeeded, invite.Error);
        return invite;
    }

    private static async Task<string> CsvAsync(AuditLog audit, AuditFilter filter)
    {
        using var csv = new StringWriter();
        await audit.WriteCsvAsync(filter, csv);
        return csv.ToString();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
