using System.Net;
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

    private void Seed(PortalRoom room)
    {
        using var db = Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext();
        db.PortalRooms.Add(room);
        db.SaveChanges();
    }
}
