using System.Net;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.JoinLinks;
using AdminPortal.Staff;
using AdminPortal.Tests.Hosting;
using AdminPortal.Tests.Invites;
using AdminPortal.Tests.TestHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Observability;

/// <summary>The "AdminPortal" meter as an operator's collector would see it, recorded with a MeterListener.</summary>
public sealed class PortalMetricsTests
{
    private static async Task<JoinLinkOutcome> GenerateAsync(PortalFactory portal, JoinLinkForm form, string email = PortalFactory.AdminEmail)
    {
        var actor = await portal.ActorAsync(email);
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JoinLinkService>().GenerateAsync(form, actor, new Uri(portal.BaseUrl + "/"));
    }

    private static JoinLinkForm Form(string room, bool hidden = false) => new() { RoomId = room, DisplayName = "Zoë Secretname", UserId = "zoe-1", IsHidden = hidden, Reason = "TICKET-7" };

    /// <summary>No tag may carry what identifies a person, a room or a credential.</summary>
    private static void AssertNoSecretsInTags(MetricRecorder metrics, params string[] secrets)
    {
        foreach (var value in metrics.Measurements.SelectMany(m => m.Tags.Values))
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, value ?? "", StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task Generating_a_link_counts_it_by_source_and_role_and_times_each_plugnmeet_call()
    {
        await using var portal = new PortalFactory();
        await portal.CreateAdministratorAsync();
        using var metrics = new MetricRecorder(portal.Services);

        var outcome = await GenerateAsync(portal, Form("metrics-room", hidden: true));

        Assert.True(outcome.Succeeded, outcome.Error + string.Join(", ", outcome.FieldErrors.Values));
        var issued = Assert.Single(metrics.Of("adminportal.links.issued"));
        Assert.Equal(1, issued.Value);
        Assert.Equal(new Dictionary<string, string?> { ["source"] = "direct", ["role"] = "hidden" }, issued.Tags);
        Assert.Empty(metrics.Of("adminportal.links.refused"));
        // A room not running yet: the token is refused, the room is created, and the token asked for again.
        Assert.Equal(["room/getJoinToken refused", "room/create ok", "room/getJoinToken ok"],
            metrics.Of("adminportal.plugnmeet.duration").Select(m => $"{m.Tags["route"]} {m.Tags["outcome"]}"));
        Assert.All(metrics.Of("adminportal.plugnmeet.duration"), m => Assert.True(m.Value >= 0));
        var token = new Uri(outcome.Link!.Url).Query;
        AssertNoSecretsInTags(metrics, "metrics-room", "Secretname", "zoe-1", token[^20..], portal.Connection.ApiSecret);
    }

    [Fact]
    public async Task A_role_refusal_and_an_unwritable_audit_trail_count_as_refused_links_and_audit_failures()
    {
        await using var portal = new PortalFactory();
        await portal.CreateAdministratorAsync();
        await portal.CreateStaffAsync("helpdesk@example.test", StaffRoles.Helpdesk);
        using var metrics = new MetricRecorder(portal.Services);

        var form = Form("metrics-refused");
        form.IsAdmin = true;
        var refused = await GenerateAsync(portal, form, "helpdesk@example.test");
        Assert.Empty(refused.FieldErrors);
        Assert.Contains("may not issue administrator links", refused.Error);

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            // The disk is full, as far as the audit trail is concerned.
            var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
            Assert.Equal("AuditEntries", db.Model.FindEntityType(typeof(AuditEntry))!.GetTableName());
            await db.Database.ExecuteSqlRawAsync("CREATE TRIGGER audit_full BEFORE INSERT ON AuditEntries BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
        }
        Assert.False((await GenerateAsync(portal, Form("metrics-unaudited"))).Succeeded);

        Assert.Equal(["permission admin direct", "audit participant direct"],
            metrics.Of("adminportal.links.refused").Select(m => $"{m.Tags["reason"]} {m.Tags["role"]} {m.Tags["source"]}"));
        Assert.Empty(metrics.Of("adminportal.links.issued"));
        var failure = Assert.Single(metrics.Of("adminportal.audit.write_failures"));
        Assert.Equal(AuditKinds.LinkIssued, failure.Tags["kind"]);
    }

    [Fact]
    public async Task Joining_an_invite_counts_the_open_by_outcome_and_the_link_as_an_invite_link()
    {
        await using var portal = new FaultyPortal();
        await portal.CreateAdministratorAsync();
        var invite = await TestInvites.CreateAsync(portal, "metrics-invite", maxUses: 1);
        using var metrics = new MetricRecorder(portal.Services);
        using var visitor = new InviteVisitor();

        Assert.Equal(HttpStatusCode.SeeOther, (await visitor.JoinAsync(invite.Url!)).Status);
        await visitor.OpenAsync(invite.Url!); // used up now: a refusal page, no Join

        Assert.Equal(["joined"], metrics.Of("adminportal.invite.opens").Select(m => m.Tags["outcome"]));
        var issued = Assert.Single(metrics.Of("adminportal.links.issued"));
        Assert.Equal(new Dictionary<string, string?> { ["source"] = "invite", ["role"] = "participant" }, issued.Tags);
        var code = invite.Url!.Split('/')[^1];
        AssertNoSecretsInTags(metrics, code, "metrics-invite", "Ann", "ann-1");
    }

    [Fact]
    public async Task A_plugnmeet_outage_counts_failed_calls_refused_links_and_outage_opens()
    {
        var behind = new PortalBehindStub();
        await behind.InitializeAsync();
        try
        {
            var invite = await TestInvites.CreateAsync(behind.Portal, "metrics-outage");
            using var metrics = new MetricRecorder(behind.Portal.Services);
            await behind.Stub.StopAsync();

            Assert.False((await GenerateAsync(behind.Portal, Form("metrics-outage"))).Succeeded);
            using var visitor = new InviteVisitor();
            await visitor.JoinAsync(invite.Url!);

            Assert.Equal(["room/getJoinToken unreachable", "room/getJoinToken unreachable"],
                metrics.Of("adminportal.plugnmeet.duration").Select(m => $"{m.Tags["route"]} {m.Tags["outcome"]}"));
            Assert.Equal(["plugnmeet direct", "plugnmeet invite"],
                metrics.Of("adminportal.links.refused").Select(m => $"{m.Tags["reason"]} {m.Tags["source"]}"));
            Assert.Equal(["outage"], metrics.Of("adminportal.invite.opens").Select(m => m.Tags["outcome"]));
        }
        finally
        {
            await behind.DisposeAsync();
        }
    }
}
