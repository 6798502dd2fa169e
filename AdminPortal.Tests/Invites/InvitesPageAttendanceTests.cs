using AdminPortal.Attendance;
using AdminPortal.Audit;
using AdminPortal.Components.Pages.Invites;
using AdminPortal.Data;
using AdminPortal.Invites;
using AdminPortal.JoinLinks;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using AdminPortal.Webhooks;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Invites;

/// <summary>
/// Attendance on the invites page (issue 13): uses as the audit trail records them, joins and leaves as stored webhook events,
/// read by the real <see cref="AttendanceService"/>.
/// </summary>
public sealed class InvitesPageAttendanceTests : PortalBunitContext
{
    private const string Room = "board";

    public InvitesPageAttendanceTests() : base(JSRuntimeMode.Loose)
    {
        AddPlugNmeet(new StubHandler((_, _) => new HttpResponseMessage(System.Net.HttpStatusCode.InternalServerError)));
        Services.AddAttendance();
    }

    private DateTimeOffset Now => Clock.GetUtcNow();

    private async Task<Invite> CreateAsync(InviteKind kind)
    {
        var form = new JoinLinkForm { RoomId = Room, DisplayName = "Kim Chair", UserId = "kim" };
        var outcome = await Services.GetRequiredService<InviteService>().CreateAsync(form, new InviteTerms(kind, Now, Now.AddDays(3), null),
            new StaffActor(StaffUserId, StaffEmail, "Test staff", StaffRoles.Administrator, "127.0.0.1"), new Uri("http://portal.test/"));
        Assert.True(outcome.Succeeded, outcome.Error);
        return outcome.Invite!;
    }

    private void Seed(params object[] rows)
    {
        using var db = Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();
        db.AddRange(rows);
        db.SaveChanges();
    }

    /// <summary>A use of the invite as <c>InviteService.UseAsync</c> audits it.</summary>
    private static AuditEntry Use(Invite invite, string userId, string name, DateTimeOffset at) => new()
    {
        Kind = AuditKinds.InviteUsed, TimeUtc = at, RoomId = Room, UserId = userId, DisplayName = name, InviteId = invite.Id,
        Actor = $"invite #{invite.Id} by {StaffEmail}",
    };

    private WebhookEvent Hook(string kind, string userId, string participantSid, DateTimeOffset at, DateTimeOffset joined) => new()
    {
        EventId = Guid.NewGuid().ToString(), Event = kind, RoomId = Room, RoomSid = "RM_1", UserId = userId, UserName = userId,
        ParticipantSid = participantSid, ParticipantJoinedAt = joined, CreatedAt = at, ReceivedAt = Now,
    };

    private WebhookEvent Joined(string userId, string participantSid, DateTimeOffset at) => Hook(AttendanceFold.ParticipantJoined, userId, participantSid, at, at);

    private WebhookEvent Left(string userId, string participantSid, DateTimeOffset joined, DateTimeOffset at) =>
        Hook(AttendanceFold.ParticipantLeft, userId, participantSid, at, joined);

    private static string Text(AngleSharp.Dom.IElement element) => string.Join(' ', element.TextContent.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task An_open_invite_shows_each_visitor_in_the_room_now_left_with_duration_or_never_joined()
    {
        var invite = await CreateAsync(InviteKind.Open);
        var start = Now.AddHours(-1);
        Seed(Use(invite, "v-dana", "Dana Visitor", start), Use(invite, "v-eli", "Eli Visitor", start.AddMinutes(5)), Use(invite, "v-finn", "Finn Visitor", start.AddMinutes(6)),
            Joined("v-dana", "PA_d", start.AddMinutes(1)), Left("v-dana", "PA_d", start.AddMinutes(1), start.AddMinutes(46)),
            Joined("v-eli", "PA_e", start.AddMinutes(6)));

        var cut = RenderWithPopovers<InvitesPage>();

        cut.WaitForAssertion(() => Assert.Equal("3 opened · 2 joined · 1 in the room now", Text(cut.Find($"#attendance-line-{invite.Id}"))));
        Assert.Equal("1 in the room now", Text(cut.Find($"#in-room-{invite.Id}")));
        Assert.Empty(cut.FindAll("#attendance-source"));
        var toggle = cut.Find($"#visits-toggle-{invite.Id}");
        Assert.Equal("false", toggle.GetAttribute("aria-expanded"));
        Assert.Empty(cut.FindAll($"#visits-{invite.Id}"));

        toggle.Click();

        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find($"#visits-toggle-{invite.Id}").GetAttribute("aria-expanded")));
        Assert.Equal($"visits-{invite.Id}", cut.Find($"#visits-toggle-{invite.Id}").GetAttribute("aria-controls"));
        var visits = cut.FindAll($"#visits-{invite.Id} > li");
        Assert.Equal(3, visits.Count);
        Assert.Equal("Dana Visitor opened 2026-03-02 08:30 UTC joined 08:31 UTC, left 09:16 UTC (45 min)", Text(visits[0]));
        Assert.DoesNotContain("visit-now", visits[0].ClassList);
        Assert.Equal("Eli Visitor opened 2026-03-02 08:35 UTC joined 08:36 UTC · in the room now (54 min)", Text(visits[1]));
        Assert.Contains("visit-now", visits[1].ClassList);
        Assert.Equal("Finn Visitor opened 2026-03-02 08:36 UTC never joined", Text(visits[2]));

        cut.Find($"#visits-toggle-{invite.Id}").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll($"#visits-{invite.Id}")));
    }

    [Fact]
    public async Task A_personal_invite_lists_each_opening_and_the_page_picks_up_a_join_on_its_next_refresh()
    {
        var invite = await CreateAsync(InviteKind.Personal);
        Seed(Use(invite, "kim", "Kim Chair", Now.AddMinutes(-30)), Use(invite, "kim", "Kim Chair", Now.AddMinutes(-2)));
        var cut = RenderWithPopovers<InvitesPage>();
        cut.WaitForAssertion(() => Assert.Equal("2 opened · 0 joined", Text(cut.Find($"#attendance-line-{invite.Id}"))));
        Assert.Contains("comes from plugNmeet's webhooks; none has arrived for these invites yet", cut.Find("#attendance-source").TextContent);
        Assert.Equal("settings/plugnmeet", cut.Find("#attendance-source a").GetAttribute("href"));
        cut.Find($"#visits-toggle-{invite.Id}").Click();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll($"#visits-{invite.Id} > li").Count));
        Assert.EndsWith("never joined", Text(cut.FindAll($"#visits-{invite.Id} > li")[0]));
        Assert.EndsWith("not joined yet", Text(cut.FindAll($"#visits-{invite.Id} > li")[1]));

        Seed(Joined("kim", "PA_k", Now.AddMinutes(-1)));
        Clock.Advance(InvitesPage.AttendanceRefresh);

        cut.WaitForAssertion(() => Assert.Equal("1 in the room now", Text(cut.Find($"#in-room-{invite.Id}"))));
        Assert.Equal("2 opened · 1 joined · 1 in the room now", Text(cut.Find($"#attendance-line-{invite.Id}")));
        Assert.Empty(cut.FindAll("#attendance-source"));
        var visits = cut.FindAll($"#visits-{invite.Id} > li");
        Assert.StartsWith("Kim Chair, opening 1 ", Text(visits[0]));
        Assert.EndsWith("never joined", Text(visits[0]));
        Assert.Equal("Kim Chair, opening 2 opened 2026-03-02 09:28 UTC joined 09:29 UTC · in the room now (1 min)", Text(visits[1]));
    }

    [Fact]
    public async Task An_invite_nobody_opened_says_so_and_its_first_opening_updates_the_whole_row_on_the_next_refresh()
    {
        var invite = await CreateAsync(InviteKind.Open);
        var cut = RenderWithPopovers<InvitesPage>();
        cut.WaitForAssertion(() => Assert.Equal("Not opened yet", Text(cut.Find($"#attendance-line-{invite.Id}"))));
        Assert.Empty(cut.FindAll($"#visits-toggle-{invite.Id}"));
        Assert.Contains("0 / ∞", cut.Find("#invites-table").TextContent);

        using (var db = Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext())
        {
            var stored = db.Invites.Single(i => i.Id == invite.Id);
            (stored.Uses, stored.LastUsedAt) = (1, Now);
            db.AuditEntries.Add(Use(invite, "v-gil", "Gil Visitor", Now));
            db.SaveChanges();
        }
        Clock.Advance(InvitesPage.AttendanceRefresh);

        cut.WaitForAssertion(() => Assert.Equal("1 opened · 0 joined", Text(cut.Find($"#attendance-line-{invite.Id}"))));
        Assert.Contains("1 / ∞", cut.Find("#invites-table").TextContent);
        Assert.NotNull(cut.Find($"#visits-toggle-{invite.Id}"));
    }
}
