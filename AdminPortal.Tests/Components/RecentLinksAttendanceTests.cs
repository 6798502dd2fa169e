using AdminPortal.Audit;
using AdminPortal.Components.Pages.Generator;
using AdminPortal.Data;
using AdminPortal.JoinLinks;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Components;

/// <summary>Issue 13: "Your recent links" says whether each direct link was used, and shows a hidden observer connect while it is open.</summary>
public sealed class RecentLinksAttendanceTests : PortalBunitContext
{
    private const string Room = "helpdesk-7";
    private readonly StaffActor _actor = new(StaffUserId, StaffEmail, "Test staff", StaffRoles.Helpdesk, "127.0.0.1");

    public RecentLinksAttendanceTests() : base(JSRuntimeMode.Loose)
    {
        AddPlugNmeet(new StubHandler((_, _) => new HttpResponseMessage(System.Net.HttpStatusCode.InternalServerError)), StaffRoles.Helpdesk);
    }

    /// <summary>A direct link this staff member issued <paramref name="ago"/> before now.</summary>
    private void Issued(string userId, TimeSpan ago, bool hidden = false)
    {
        using var db = Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();
        var entry = JoinLinkService.Entry(AuditKinds.LinkIssued,
            new JoinLinkForm { RoomId = Room, DisplayName = userId, UserId = userId, IsHidden = hidden, Reason = hidden ? "INC-1" : "" }, _actor, null, "ok", null);
        entry.TimeUtc = Clock.GetUtcNow() - ago;
        entry.TokenExpiresAt = entry.TimeUtc.AddMinutes(10);
        db.AuditEntries.Add(entry);
        db.SaveChanges();
    }

    private IRenderedComponent<RecentLinksPanel> RenderPanel(int items)
    {
        var cut = Render<RecentLinksPanel>(p => p.Add(c => c.Actor, _actor));
        cut.WaitForAssertion(() => Assert.Equal(items, cut.FindAll(".recent-item").Count));
        return cut;
    }

    [Fact]
    public void Each_direct_link_says_joined_and_left_in_the_room_now_or_never_joined()
    {
        var now = Clock.GetUtcNow();
        Issued("ann-1", TimeSpan.FromMinutes(60));
        Issued("bo-2", TimeSpan.FromMinutes(50));
        Issued("cy-3", TimeSpan.FromMinutes(40));
        WebhookRows.Add(Services,
            WebhookRows.Joined(Room, "RM_1", "ann-1", now.AddMinutes(-59)),
            WebhookRows.Left(Room, "RM_1", "ann-1", now.AddMinutes(-59), now.AddMinutes(-14)),
            WebhookRows.Joined(Room, "RM_1", "cy-3", now.AddMinutes(-39)));

        var cut = RenderPanel(3);

        // Newest first: cy-3, bo-2, ann-1.
        var inRoom = cut.Find("#recent-presence-0");
        Assert.Contains("presence-now", inRoom.ClassList);
        Assert.Contains("in the room now", inRoom.TextContent);
        Assert.Contains("never joined", cut.Find("#recent-presence-1").TextContent);
        Assert.Contains("presence-none", cut.Find("#recent-presence-1").ClassList);
        var left = cut.Find("#recent-presence-2");
        Assert.Contains("presence-left", left.ClassList);
        Assert.Matches(@"joined \d\d:\d\d( UTC)?, left \d\d:\d\d( UTC)? \(45 min\)", System.Text.RegularExpressions.Regex.Replace(left.TextContent, @"\s+", " "));
        // Nobody of these is a hidden observer.
        Assert.Empty(cut.FindAll("[id^=recent-observer-]"));
        Assert.Empty(cut.FindAll("[id^=recent-hidden-note-]"));
    }

    [Fact]
    public void A_hidden_observer_connecting_shows_while_the_generator_is_open_with_plugNmeets_caveat_kept_visible()
    {
        var now = Clock.GetUtcNow();
        Issued("observer-1", TimeSpan.FromMinutes(2), hidden: true);
        var cut = RenderPanel(1);
        Assert.Contains("never joined", cut.Find("#recent-presence-0").TextContent);
        Assert.Empty(cut.FindAll("#recent-observer-0"));
        Assert.Contains("recent plugNmeet servers may still list them", cut.Find("#recent-hidden-note-0").TextContent);

        // The observer connects; the open panel reads the list again by itself.
        WebhookRows.Add(Services, WebhookRows.Joined(Room, "RM_1", "observer-1", now.AddMinutes(-1), hidden: true));
        Clock.Advance(RecentLinksPanel.RefreshPeriod);

        cut.WaitForAssertion(() => Assert.Equal("observer connected now", cut.Find("#recent-observer-0").TextContent));
        Assert.Contains("in the room now (hidden)", cut.Find("#recent-presence-0").TextContent);
        Assert.Contains("recent plugNmeet servers may still list them", cut.Find("#recent-hidden-note-0").TextContent);

        WebhookRows.Add(Services, WebhookRows.Left(Room, "RM_1", "observer-1", now.AddMinutes(-1), now.AddMinutes(1)));
        Clock.Advance(RecentLinksPanel.RefreshPeriod);

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#recent-observer-0")));
        Assert.Contains("left", cut.Find("#recent-presence-0").TextContent);
    }
}
