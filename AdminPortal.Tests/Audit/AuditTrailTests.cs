using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Web;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.JoinLinks;
using AdminPortal.Staff;
using AdminPortal.Tests.PlugNmeet;
using AdminPortal.Tests.TestHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Audit;

public sealed class AuditTrailTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new();

    public Task InitializeAsync() => _portal.CreateAdministratorAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private async Task<List<AuditEntry>> EntriesAsync()
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEntries.OrderBy(e => e.Id).ToListAsync();
    }

    private async Task<JoinLinkOutcome> GenerateAsync(JoinLinkForm form, string email = PortalFactory.AdminEmail, PortalFactory? via = null)
    {
        var actor = await _portal.ActorAsync(email);
        var portal = via ?? _portal;
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JoinLinkService>().GenerateAsync(form, actor, new Uri(portal.BaseUrl + "/"));
    }

    [Fact]
    public async Task An_issued_link_is_recorded_with_everything_but_the_token()
    {
        var form = new JoinLinkForm { RoomId = "audit-room", DisplayName = "Zoë", UserId = "zoe-1", IsHidden = true, Reason = "INC-7" };
        form.Locks.Clear();
        form.Locks.Add("lock_chat");
        form.Design["primary_color"] = "#112233";

        var outcome = await GenerateAsync(form);

        var token = HttpUtility.ParseQueryString(new Uri(outcome.Link!.Url).Query)["access_token"]!;
        var entry = (await EntriesAsync()).Single(e => e.Kind == AuditKinds.LinkIssued);
        Assert.Equal(PortalFactory.AdminEmail, entry.Actor);
        Assert.Equal(StaffRoles.Administrator, entry.ActorRole);
        Assert.Equal("127.0.0.1", entry.ClientIp);
        Assert.Equal(("audit-room", "Zoë", "zoe-1"), (entry.RoomId, entry.DisplayName, entry.UserId));
        Assert.Equal((false, true), (entry.IsAdmin, entry.IsHidden));
        Assert.Equal("lock_chat", entry.Locks);
        Assert.Equal("""{"primary_color":"#112233"}""", entry.Design);
        Assert.Equal("INC-7", entry.Reason);
        Assert.Equal("ok", entry.Outcome);
        Assert.Equal(outcome.Link.ExpiresAt, entry.TokenExpiresAt);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token))), entry.TokenSha256);
        Assert.True(Math.Abs((entry.TimeUtc - _portal.Clock.GetUtcNow()).TotalSeconds) < 1);
        await using var scope = _portal.Services.CreateAsyncScope();
        var everything = string.Join("|", (await EntriesAsync()).Select(e => $"{e.Detail}{e.TokenSha256}{e.Design}"));
        Assert.DoesNotContain(token, everything);
    }

    [Fact]
    public async Task Refusals_and_plugnmeet_failures_are_recorded_with_their_reason()
    {
        await _portal.CreateStaffAsync("help@example.test", StaffRoles.Helpdesk);
        var refused = await GenerateAsync(new JoinLinkForm { RoomId = "r", DisplayName = "A", UserId = "a", IsAdmin = true, Reason = "x" }, "help@example.test");
        var wrongSecret = new PortalFactory
        {
            Settings =
            {
                ["PlugNmeet:ServerUrl"] = _portal.BaseUrl + "/sandbox", ["PlugNmeet:ApiKey"] = _portal.Connection.ApiKey,
                ["PlugNmeet:ApiSecret"] = "wrong", ["PlugNmeet:ClientUrl"] = "https://meet.example.test",
            },
        };
        await using (wrongSecret)
        {
            var failed = await GenerateAsync(new JoinLinkForm { RoomId = "r", DisplayName = "A", UserId = "a" }, via: wrongSecret);
            Assert.False(failed.Succeeded);
            await using var scope = wrongSecret.Services.CreateAsyncScope();
            var entry = await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEntries.SingleAsync();
            Assert.Equal((AuditKinds.LinkRefused, "failed"), (entry.Kind, entry.Outcome));
            Assert.Contains("rejected the API key or signature", entry.Detail);
        }

        Assert.False(refused.Succeeded);
        var refusal = (await EntriesAsync()).Single(e => e.Kind == AuditKinds.LinkRefused);
        Assert.Equal(("help@example.test", StaffRoles.Helpdesk, "refused"), (refusal.Actor, refusal.ActorRole, refusal.Outcome));
        Assert.Equal("Your role (Helpdesk) may not issue administrator links.", refusal.Detail);
        Assert.Null(refusal.TokenSha256);
    }

    [Fact]
    public async Task Hidden_and_administrator_links_need_a_reason()
    {
        var before = _portal.Sandbox.RequestCount;

        var outcome = await GenerateAsync(new JoinLinkForm { RoomId = "r", DisplayName = "A", UserId = "a", IsAdmin = true });

        Assert.Equal("A reason (e.g. a ticket number) is required for hidden and administrator links.", outcome.FieldErrors["Reason"]);
        Assert.Equal(before, _portal.Sandbox.RequestCount);
    }

    [Fact]
    public async Task No_audit_entry_means_no_link()
    {
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Database.ExecuteSqlRawAsync(
                "CREATE TRIGGER test_audit_down BEFORE INSERT ON AuditEntries BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
        }

        var outcome = await GenerateAsync(new JoinLinkForm { RoomId = "r", DisplayName = "A", UserId = "a" });

        Assert.Null(outcome.Link);
        Assert.Equal("The link could not be recorded in the audit trail, so it is not shown. Try again, or tell an administrator.", outcome.Error);
        Assert.NotNull(_portal.Sandbox.FindParticipant("r", "a")); // the token was issued upstream, but never shown
    }

    [Fact]
    public async Task Entries_cannot_be_changed_or_deleted()
    {
        await GenerateAsync(new JoinLinkForm { RoomId = "r", DisplayName = "A", UserId = "a" });
        await using var scope = _portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();

        var update = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE AuditEntries SET Actor = 'someone else'"));
        var delete = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM AuditEntries"));

        Assert.Contains("audit entries cannot be changed", update.Message);
        Assert.Contains("audit entries cannot be deleted", delete.Message);
        Assert.Single(await db.AuditEntries.ToListAsync());
    }

    [Fact]
    public async Task Sign_ins_failures_and_lockouts_are_recorded()
    {
        using var http = new PortalHttp(_portal);
        await http.SignInAsync();
        for (var i = 0; i < 5; i++)
        {
            await http.SignInAsync(password: "wrong-password-1");
        }
        await http.SignInAsync("nobody@example.test", "whatever-1A");

        var kinds = (await EntriesAsync()).Select(e => (e.Kind, e.Actor)).ToList();
        Assert.Equal((AuditKinds.SignIn, PortalFactory.AdminEmail), kinds[0]);
        Assert.Equal(4, kinds.Count(k => k == (AuditKinds.SignInFailed, PortalFactory.AdminEmail)));
        Assert.Contains((AuditKinds.Lockout, PortalFactory.AdminEmail), kinds);
        Assert.Equal((AuditKinds.SignInFailed, "nobody@example.test"), kinds[^1]);
    }

    [Fact]
    public async Task Csv_export_quotes_commas_quotes_newlines_keeps_utf8_and_defuses_formulas()
    {
        var form = new JoinLinkForm { RoomId = "csv", DisplayName = "Doe, \"Jo\" Zoë", UserId = "jo-1" };
        await GenerateAsync(form);
        var formula = new JoinLinkForm { RoomId = "csv", DisplayName = "=HYPERLINK(\"x\")", UserId = "jo-2" };
        await GenerateAsync(formula);
        using var http = new PortalHttp(_portal);
        await http.SignInAsync();

        var response = await http.GetAsync("audit/export.csv?room=csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble));
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', AuditLog.CsvColumns), lines[0]);
        Assert.Equal(3, lines.Length); // header + the two link entries; the sign-in has no room
        Assert.Contains(",\"Doe, \"\"Jo\"\" Zoë\",jo-1,", lines[1]);
        Assert.Contains(",\"'=HYPERLINK(\"\"x\"\")\",jo-2,", lines[2]);
        Assert.Equal("\"a\nb\"", AuditLog.CsvCell("a\nb"));
        Assert.Equal("'-1", AuditLog.CsvCell("-1"));
    }

    [Fact]
    public async Task Audit_query_filters_pages_and_sorts_in_the_database()
    {
        foreach (var (room, user) in new[] { ("q1", "u1"), ("q1", "u2"), ("q2", "u3") })
        {
            await GenerateAsync(new JoinLinkForm { RoomId = room, DisplayName = user, UserId = user });
            _portal.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        var audit = _portal.Services.GetRequiredService<AuditLog>();
        var admin = await _portal.ActorAsync();

        var q1 = await audit.QueryAsync(admin, new AuditFilter { RoomId = "q1" }, 0, 10, null, true);
        var firstPage = await audit.QueryAsync(admin, new AuditFilter { Staff = "admin@" }, 0, 2, nameof(AuditEntry.UserId), false);
        var byUser = await audit.QueryAsync(admin, new AuditFilter { UserId = "u3" }, 0, 10, null, true);
        var later = await audit.QueryAsync(admin, new AuditFilter { From = _portal.Clock.GetUtcNow().AddMinutes(-1.5) }, 0, 10, null, true);

        Assert.Equal(["u2", "u1"], q1.Items.Select(e => e.UserId));
        Assert.Equal(3, firstPage.Total);
        Assert.Equal(["u1", "u2"], firstPage.Items.Select(e => e.UserId));
        Assert.Equal("q2", Assert.Single(byUser.Items).RoomId);
        Assert.Equal(["u3"], later.Items.Select(e => e.UserId));
        Assert.Empty((await audit.QueryAsync(admin, new AuditFilter { IsHidden = true }, 0, 10, null, true)).Items);
        await _portal.CreateStaffAsync("mod@example.test", StaffRoles.Moderator);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(async () =>
            await audit.QueryAsync(await _portal.ActorAsync("mod@example.test"), new AuditFilter(), 0, 10, null, true));
    }

    [Fact]
    public async Task Room_and_user_match_partially_and_the_event_filter_reaches_the_export_as_its_code()
    {
        await GenerateAsync(new JoinLinkForm { RoomId = "support-desk-7", DisplayName = "Ann", UserId = "ann-4711" });
        await GenerateAsync(new JoinLinkForm { RoomId = "sales", DisplayName = "Bob", UserId = "bob-1" });
        var audit = _portal.Services.GetRequiredService<AuditLog>();
        var admin = await _portal.ActorAsync();

        var byRoomPart = await audit.QueryAsync(admin, new AuditFilter { RoomId = "desk" }, 0, 10, null, true);
        var byUserPart = await audit.QueryAsync(admin, new AuditFilter { UserId = " 4711 " }, 0, 10, null, true);
        var issued = await audit.QueryAsync(admin, new AuditFilter { Kind = AuditKinds.LinkIssued }, 0, 10, null, true);
        var failedSignIns = await audit.QueryAsync(admin, new AuditFilter { Kind = AuditKinds.SignInFailed }, 0, 10, null, true);

        Assert.Equal("support-desk-7", Assert.Single(byRoomPart.Items).RoomId);
        Assert.Equal("ann-4711", Assert.Single(byUserPart.Items).UserId);
        Assert.Equal(["bob-1", "ann-4711"], issued.Items.Select(e => e.UserId));
        Assert.Empty(failedSignIns.Items);

        var filter = new AuditFilter { Kind = AuditKinds.LinkIssued, RoomId = "desk" };
        var query = AuditQuery.ToQueryString(filter);
        Assert.Contains("kind=link-issued", query);
        using var http = new PortalHttp(_portal);
        await http.SignInAsync();
        var lines = (await (await http.GetAsync("audit/export.csv" + query)).Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length); // the header and Ann's link; the sign-in and Bob's link are filtered out
        Assert.Contains(",link-issued,", lines[1]);
        Assert.Contains(",ann-4711,", lines[1]);
    }
}
