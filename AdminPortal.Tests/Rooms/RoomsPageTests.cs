using System.Net;
using AdminPortal.Audit;
using AdminPortal.Components.Pages.Rooms;
using AdminPortal.Data;
using AdminPortal.Rooms;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AdminPortal.Tests.Rooms;

/// <summary>Issue 12: /rooms and /rooms/{id}, their refresh, a failing plugNmeet, ending a room and who sees End room.</summary>
public sealed class RoomsPageTests : PortalBunitContext
{
    private readonly List<StubRoom> _running = [];
    private readonly StubHandler _plugNmeet;
    private volatile bool _broken;

    public RoomsPageTests() : base(JSRuntimeMode.Loose)
    {
        _plugNmeet = new StubHandler((request, body) => _broken
            ? StubHandler.Json("""{"status":false,"msg":"signature mismatch","status_code":"AUTH_FAILED"}""", HttpStatusCode.Unauthorized)
            : RoomReplies.Answer(_running, RoomReplies.Route(request), body));
    }

    private static StubRoom Weekly() => new("weekly-1", "Weekly stand-up", "RM_w1",
        Participants: [new StubParticipant("Maria", "maria-1", IsAdmin: true), new StubParticipant("Bo", "bo-2", IsHidden: true)]);

    private int Reads(string route) => _plugNmeet.Requests.Count(r => RoomReplies.Route(r.Request) == route);

    [Fact]
    public void Running_rooms_are_listed_with_count_start_and_who_started_them()
    {
        AddPlugNmeet(_plugNmeet, StaffRoles.Helpdesk);
        _running.Add(Weekly());
        _running.Add(new StubRoom("lonely-2"));
        Seed(new PortalRoom { RoomId = "weekly-1", Sid = "RM_w1", CreatedBy = "mod@example.test", TemplateName = "Lecture" });

        var cut = Render<RoomsPage>();

        var cards = cut.FindAll("#rooms-list li");
        Assert.Equal(["lonely-2", "weekly-1"], cards.Select(c => c.GetAttribute("data-room-id")));
        Assert.Contains("0 people", cards[0].TextContent);
        Assert.DoesNotContain("Started through the portal", cards[0].TextContent);
        Assert.Contains("Weekly stand-up", cards[1].TextContent);
        Assert.Contains("2 people", cards[1].TextContent);
        Assert.Contains("by mod@example.test from template Lecture", cards[1].TextContent);
        Assert.Equal("rooms/weekly-1", cards[1].QuerySelector("a")!.GetAttribute("href"));
        Assert.NotNull(cards[1].QuerySelector("time"));
        Assert.Equal("false", cut.Find("#rooms-list").GetAttribute("aria-busy"));
    }

    [Fact]
    public void No_running_room_says_so()
    {
        AddPlugNmeet(_plugNmeet);

        var cut = Render<RoomsPage>();

        Assert.Contains("No room is running right now", cut.Find("#rooms-empty").TextContent);
        Assert.Empty(cut.FindAll("#rooms-list"));
    }

    [Fact]
    public void A_failure_shows_its_message_and_keeps_the_last_list_greyed_until_plugNmeet_answers_again()
    {
        AddPlugNmeet(_plugNmeet);
        _running.Add(Weekly());
        var cut = Render<RoomsPage>();
        Assert.Single(cut.FindAll("#rooms-list li"));

        _broken = true;
        cut.Find("#rooms-refresh").Click();

        cut.WaitForElement("#rooms-error");
        Assert.Contains("Could not read the running rooms from plugNmeet:", cut.Find("#rooms-error").TextContent);
        Assert.Contains("may be out of date", cut.Find("#rooms-error").TextContent);
        Assert.Contains("live-stale", cut.Find("#rooms-list").ClassList);
        Assert.Equal("true", cut.Find("#rooms-list").GetAttribute("aria-busy"));
        Assert.Contains("Weekly stand-up", cut.Find("#rooms-list").TextContent);

        _broken = false;
        cut.Find("#rooms-refresh").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#rooms-error")));
        Assert.DoesNotContain("live-stale", cut.Find("#rooms-list").ClassList);
    }

    [Fact]
    public async Task The_list_refreshes_on_demand_and_every_five_seconds_until_the_page_closes()
    {
        AddPlugNmeet(_plugNmeet);
        var cut = Render<RoomsPage>();
        cut.WaitForElement("#rooms-empty");

        _running.Add(Weekly());
        cut.Find("#rooms-refresh").Click();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("#rooms-list li")));

        _running.Add(new StubRoom("later-3"));
        Clock.Advance(LiveRoomsView<object>.Period);
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("#rooms-list li").Count));
        var reads = Reads("room/getActiveRoomsInfo");
        Assert.Equal(3, reads);

        await DisposeComponentsAsync();
        Clock.Advance(LiveRoomsView<object>.Period * 3);
        Assert.Equal(reads, Reads("room/getActiveRoomsInfo"));
    }

    [Fact]
    public void A_room_shows_its_participants_with_their_roles()
    {
        AddPlugNmeet(_plugNmeet, StaffRoles.Helpdesk);
        _running.Add(Weekly());

        var cut = Render<RoomPage>(p => p.Add(c => c.RoomId, "weekly-1"));

        var rows = cut.FindAll("#participants tbody tr");
        Assert.Equal(["maria-1", "bo-2"], rows.Select(r => r.GetAttribute("data-user-id")));
        Assert.Equal(["Maria", "maria-1", "yes", "no"], rows[0].QuerySelectorAll("td").Take(4).Select(td => td.TextContent.Trim()));
        Assert.Equal(["Bo", "bo-2", "no", "yes"], rows[1].QuerySelectorAll("td").Take(4).Select(td => td.TextContent.Trim()));
        Assert.NotNull(rows[0].QuerySelector("td[data-label='Joined'] time"));
        Assert.Contains("In the room: 2 people", cut.Find("#participants-heading").TextContent);
        Assert.Equal("./?room=weekly-1&title=Weekly%20stand-up", cut.Find("#issue-link-for-room").GetAttribute("href"));
        // Helpdesk watches: no End room button (and the service refuses it too, see RoomsServiceTests).
        Assert.Empty(cut.FindAll("#end-room"));
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("a/b")]
    public void An_address_whose_room_id_plugNmeet_would_refuse_says_so_and_asks_nothing(string roomId)
    {
        AddPlugNmeet(_plugNmeet);

        var cut = Render<RoomPage>(p => p.Add(c => c.RoomId, roomId));

        Assert.Contains($"\"{roomId}\" cannot be a plugNmeet room id: Room ID may only contain", cut.Find("#room-invalid").TextContent);
        Assert.Empty(cut.FindAll("#room-not-running"));
        Assert.Empty(_plugNmeet.Requests);
    }

    [Fact]
    public void A_room_that_is_not_running_says_so()
    {
        AddPlugNmeet(_plugNmeet);

        var cut = Render<RoomPage>(p => p.Add(c => c.RoomId, "gone-1"));

        Assert.Contains("Room gone-1 is not running", cut.Find("#room-not-running").TextContent);
        Assert.Empty(cut.FindAll("#end-room"));
        Assert.Equal("./?room=gone-1", cut.Find("#issue-link-for-room").GetAttribute("href"));
    }

    [Theory]
    [InlineData(StaffRoles.Administrator)]
    [InlineData(StaffRoles.Moderator)]
    public void Ending_asks_first_naming_the_room_and_how_many_it_disconnects_then_says_it_ended(string role)
    {
        AddPlugNmeet(_plugNmeet, role);
        _running.Add(Weekly());
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<RoomPage>(p => p.Add(c => c.RoomId, "weekly-1"));

        cut.Find("#end-room").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("End room Weekly stand-up?", dialogs.Markup));
        Assert.Contains("Room weekly-1 ends now and 2 people in it are disconnected.", dialogs.Markup);
        Assert.Equal(0, Reads("room/endRoom"));
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("End room")).Click();

        cut.WaitForElement("#room-ended");
        Assert.Equal("Room Weekly stand-up was ended: 2 people disconnected.", cut.Find("#room-ended").TextContent.Trim());
        Assert.Equal(1, Reads("room/endRoom"));
        Assert.Empty(cut.FindAll("#end-room"));
        Assert.Equal("2 people disconnected", Assert.Single(AuditEntries()).Detail);
    }

    [Fact]
    public void Keeping_the_room_running_sends_nothing()
    {
        AddPlugNmeet(_plugNmeet, StaffRoles.Moderator);
        _running.Add(Weekly());
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<RoomPage>(p => p.Add(c => c.RoomId, "weekly-1"));

        cut.Find("#end-room").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Keep it running", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Contains("Keep it running")).Click();

        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Keep it running", dialogs.Markup));
        Assert.Equal(0, Reads("room/endRoom"));
        Assert.Empty(AuditEntries());
        Assert.NotNull(cut.Find("#end-room"));
    }

    [Fact]
    public void Each_participant_shows_the_invite_or_link_and_the_staff_member_that_let_them_in()
    {
        AddPlugNmeet(_plugNmeet, StaffRoles.Helpdesk);
        _running.Add(Weekly() with { Participants = [.. Weekly().Participants, new StubParticipant("Cy", "cy-3")] });
        var issued = Clock.GetUtcNow().AddMinutes(-5);
        SeedAudit(
            new AuditEntry { Kind = AuditKinds.LinkIssued, Actor = "mod@example.test", RoomId = "weekly-1", UserId = "maria-1", TimeUtc = issued },
            new AuditEntry { Kind = AuditKinds.InviteUsed, Actor = "invite #12 by maria@example.test", RoomId = "weekly-1", UserId = "bo-2", InviteId = 12, TimeUtc = issued },
            // Issued for another room: it did not let cy-3 into this one.
            new AuditEntry { Kind = AuditKinds.LinkIssued, Actor = "mod@example.test", RoomId = "other-room", UserId = "cy-3", TimeUtc = issued });
        WebhookRows.Add(Services, WebhookRows.Started("weekly-1", "RM_w1", issued), WebhookRows.Joined("weekly-1", "RM_w1", "maria-1", issued.AddMinutes(1)));

        var cut = Render<RoomPage>(p => p.Add(c => c.RoomId, "weekly-1"));

        var origins = cut.FindAll("#participants tbody tr").ToDictionary(r => r.GetAttribute("data-user-id")!, r => r.QuerySelector("td[data-label='Let in by']")!.TextContent.Trim());
        Assert.Equal("direct link from mod@example.test", origins["maria-1"]);
        Assert.Equal("invite #12 from maria@example.test", origins["bo-2"]);
        Assert.Equal("not issued by the portal", origins["cy-3"]);
    }

    [Fact]
    public void A_room_that_is_not_running_lists_its_sessions_with_people_dropped_events_and_their_attendance_csv()
    {
        AddPlugNmeet(_plugNmeet);
        var now = Clock.GetUtcNow();
        WebhookRows.Add(Services,
            WebhookRows.Started("gone-1", "RM_old", now.AddHours(-3)),
            WebhookRows.Joined("gone-1", "RM_old", "ann-1", now.AddHours(-3).AddMinutes(1)),
            WebhookRows.Joined("gone-1", "RM_old", "bo-2", now.AddHours(-3).AddMinutes(2)),
            WebhookRows.Finished("gone-1", "RM_old", now.AddHours(-2)),
            WebhookRows.Started("gone-1", "RM_new", now.AddHours(-1), dropped: 2),
            WebhookRows.Joined("gone-1", "RM_new", "ann-1", now.AddMinutes(-50)),
            WebhookRows.Finished("gone-1", "RM_new", now.AddMinutes(-30)));

        var cut = Render<RoomPage>(p => p.Add(c => c.RoomId, "gone-1"));

        Assert.NotNull(cut.Find("#room-not-running"));
        var sessions = cut.FindAll("#room-sessions li.session");
        Assert.Equal(["RM_new", "RM_old"], sessions.Select(s => s.GetAttribute("data-sid")));
        Assert.Contains("1 person", sessions[0].TextContent);
        Assert.Contains("plugNmeet reported 2 dropped events", sessions[0].QuerySelector(".session-dropped")!.TextContent);
        Assert.Contains("2 people", sessions[1].TextContent);
        Assert.Null(sessions[1].QuerySelector(".session-dropped"));
        Assert.Equal(2, sessions[1].QuerySelectorAll("time").Length);
        var csv = sessions[1].QuerySelector("a.session-csv")!;
        Assert.Equal("Download attendance (CSV)", csv.TextContent.Trim());
        Assert.Equal("rooms/gone-1/attendance.csv?session=RM_old", csv.GetAttribute("href"));
        Assert.True(csv.HasAttribute("download"));
    }

    [Fact]
    public void A_running_session_says_so_and_a_room_without_webhooks_says_none_was_reported()
    {
        AddPlugNmeet(_plugNmeet);
        _running.Add(Weekly());
        WebhookRows.Add(Services, WebhookRows.Started("weekly-1", "RM_w1", Clock.GetUtcNow().AddMinutes(-5)));

        var cut = Render<RoomPage>(p => p.Add(c => c.RoomId, "weekly-1"));
        var quiet = Render<RoomPage>(p => p.Add(c => c.RoomId, "quiet-1"));

        Assert.Contains("running", cut.Find("#room-sessions li.session[data-sid='RM_w1']").TextContent);
        Assert.Contains("No session of this room has been reported yet", quiet.Find("#sessions-empty").TextContent);
    }

    private void SeedAudit(params AuditEntry[] entries)
    {
        using var db = Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();
        db.AuditEntries.AddRange(entries);
        db.SaveChanges();
    }

    private void Seed(PortalRoom room)
    {
        using var db = Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();
        db.PortalRooms.Add(room);
        db.SaveChanges();
    }
}
