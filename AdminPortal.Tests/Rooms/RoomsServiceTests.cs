using System.Net;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Rooms;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Rooms;

/// <summary>Issue 12, live rooms: who may end a room (enforced in the service), its audit entry, where a room came from, and "did you mean".</summary>
public sealed class RoomsServiceTests : PortalBunitContext
{
    private readonly List<StubRoom> _running = [];
    private readonly StubHandler _plugNmeet;

    public RoomsServiceTests() : base(JSRuntimeMode.Strict)
    {
        _plugNmeet = new StubHandler((request, body) => RoomReplies.Answer(_running, RoomReplies.Route(request), body));
        AddPlugNmeet(_plugNmeet);
    }

    private RoomsService Rooms => Services.GetRequiredService<RoomsService>();

    private static StaffActor Actor(string role) => new("u-1", $"{role.ToLowerInvariant()}@example.test", role, role, "192.0.2.7");

    private static StubRoom Weekly() =>
        new("weekly-1", "Weekly", "RM_w1", Participants: [new StubParticipant("Maria", "maria-1", IsAdmin: true), new StubParticipant("Bo", "bo-2", IsHidden: true)]);

    [Theory]
    [InlineData(StaffRoles.Administrator)]
    [InlineData(StaffRoles.Moderator)]
    public async Task Administrators_and_moderators_end_a_room_and_the_audit_says_how_many_were_disconnected(string role)
    {
        _running.Add(Weekly());

        var outcome = await Rooms.EndAsync(Actor(role), "weekly-1");

        Assert.Equal(new RoomEndOutcome(true, 2, null), outcome);
        Assert.Equal(["room/getActiveRoomInfo", "room/endRoom"], _plugNmeet.Requests.Select(r => RoomReplies.Route(r.Request)));
        var entry = Assert.Single(AuditEntries());
        Assert.Equal((AuditKinds.RoomEnded, "weekly-1", "ok", "2 people disconnected", role, "192.0.2.7"),
            (entry.Kind, entry.RoomId, entry.Outcome, entry.Detail, entry.ActorRole, entry.ClientIp));
        Assert.Empty(_running);
    }

    [Fact]
    public async Task Helpdesk_is_refused_before_anything_reaches_plugNmeet_and_the_refusal_is_audited()
    {
        _running.Add(Weekly());

        var outcome = await Rooms.EndAsync(Actor(StaffRoles.Helpdesk), "weekly-1");

        Assert.False(outcome.Ended);
        Assert.Equal("As Helpdesk you may not end rooms: ask a Moderator or an Administrator.", outcome.Error);
        Assert.Empty(_plugNmeet.Requests);
        Assert.Single(_running);
        var entry = Assert.Single(AuditEntries());
        Assert.Equal((AuditKinds.RoomEnded, "weekly-1", "refused"), (entry.Kind, entry.RoomId, entry.Outcome));
        Assert.False(RoomsService.MayEnd(StaffRoles.Helpdesk));
    }

    [Fact]
    public async Task A_room_that_is_not_running_is_not_ended_and_not_audited()
    {
        var outcome = await Rooms.EndAsync(Actor(StaffRoles.Moderator), "gone-1");

        Assert.True(outcome.WasNotRunning);
        Assert.Equal("Room gone-1 is not running: there was nothing to end.", outcome.Error);
        Assert.DoesNotContain(_plugNmeet.Requests, r => RoomReplies.Route(r.Request) == "room/endRoom");
        Assert.Empty(AuditEntries());
    }

    [Fact]
    public async Task Running_rooms_are_still_listed_when_the_portal_cannot_read_which_ones_it_started()
    {
        _running.Add(Weekly());
        // A database without the portal's tables: every query fails as a broken database would.
        await using var broken = new ServiceCollection()
            .AddDbContextFactory<ApplicationDbContext>(o => o.UseSqlite("DataSource=:memory:")).BuildServiceProvider();
        var rooms = new RoomsService(PlugNmeetClients.Create(_plugNmeet), broken.GetRequiredService<IDbContextFactory<ApplicationDbContext>>(),
            Services.GetRequiredService<AuditLog>(), Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<RoomsService>.Instance);

        var listed = await rooms.ListAsync();

        Assert.Equal(["weekly-1"], listed.Select(r => r.RoomId));
        Assert.Null(listed[0].Origin);
        Assert.Equal(2, listed[0].ParticipantCount);
    }

    [Fact]
    public async Task A_plugNmeet_failure_comes_back_as_its_message_and_is_audited_as_failed()
    {
        var handler = new StubHandler((_, _) => StubHandler.Json("""{"status":false,"msg":"signature mismatch"}""", HttpStatusCode.Unauthorized));
        var rooms = new RoomsService(PlugNmeetClients.Create(handler), Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>(),
            Services.GetRequiredService<AuditLog>(), Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<RoomsService>.Instance);

        var outcome = await rooms.EndAsync(Actor(StaffRoles.Administrator), "weekly-1");

        Assert.False(outcome.Ended);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Error));
        Assert.Equal(("failed", outcome.Error), (Assert.Single(AuditEntries()).Outcome, Assert.Single(AuditEntries()).Detail));
    }

    [Fact]
    public async Task Rooms_list_participants_with_their_flags_and_times_and_the_portal_origin_of_the_same_session_only()
    {
        _running.Add(Weekly());
        _running.Add(new StubRoom("other-2", Sid: "RM_o2"));
        await SeedAsync(db =>
        {
            db.PortalRooms.Add(new PortalRoom { RoomId = "weekly-1", Sid = "RM_w1", CreatedBy = "mod@example.test", TemplateName = "Lecture" });
            db.PortalRooms.Add(new PortalRoom { RoomId = "other-2", Sid = "RM_earlier_session", CreatedBy = "old@example.test" });
        });

        var rooms = await Rooms.ListAsync();

        Assert.Equal(["other-2", "weekly-1"], rooms.Select(r => r.RoomId));
        Assert.Null(rooms[0].Origin);
        var weekly = rooms[1];
        Assert.Equal("by mod@example.test from template Lecture", weekly.Origin!.Describe());
        Assert.Equal(("Weekly", 2, DateTimeOffset.FromUnixTimeSeconds(1_772_443_000)), (weekly.Name, weekly.ParticipantCount, weekly.StartedAt));
        Assert.Equal(new RoomParticipant("Maria", "maria-1", true, false, DateTimeOffset.FromUnixTimeSeconds(1_772_443_800)), weekly.Participants[0]);
        Assert.Equal(new RoomParticipant("Bo", "bo-2", false, true, DateTimeOffset.FromUnixTimeSeconds(1_772_443_800)), weekly.Participants[1]);
    }

    [Theory]
    [InlineData("""{"isAdmin":"true","isHidden":1}""", true, true)]
    [InlineData("not json", false, false)]
    [InlineData("[]", false, false)]
    [InlineData(null, false, false)]
    public void Participant_flags_are_read_loosely(string? metadata, bool isAdmin, bool isHidden) =>
        Assert.Equal((isAdmin, isHidden), RunningRoom.Flags(metadata));

    [Fact]
    public async Task A_new_room_id_close_to_a_running_one_gets_a_suggestion_but_not_once_it_was_used()
    {
        _running.Add(new StubRoom("weekly-standup"));

        Assert.Equal("weekly-standup", (await Rooms.CheckAsync("weekly-stnadup")).DidYouMean);
        await SeedAsync(db => db.AuditEntries.Add(new AuditEntry { Kind = AuditKinds.LinkIssued, RoomId = "weekly-stnadup" }));
        Assert.Null((await Rooms.CheckAsync("weekly-stnadup")).DidYouMean);
        await SeedAsync(db => db.PortalRooms.Add(new PortalRoom { RoomId = "Weekly-Standup" }));
        Assert.Null((await Rooms.CheckAsync("Weekly-Standup")).DidYouMean);
        Assert.Equal("weekly-standup", (await Rooms.CheckAsync("WEEKLY-STANDUP")).DidYouMean);
        Assert.Equal("weekly-standup", (await Rooms.CheckAsync("weekly-standup")).Room?.RoomId);
    }

    [Fact]
    public async Task The_running_ids_for_suggestions_are_read_once_while_typing_goes_on()
    {
        _running.Add(new StubRoom("weekly-standup"));

        await Rooms.CheckAsync("weekly-s");
        await Rooms.CheckAsync("weekly-st");
        Assert.Equal(1, _plugNmeet.Requests.Count(r => RoomReplies.Route(r.Request) == "room/getActiveRoomsInfo"));

        Clock.Advance(RoomsService.RunningIdsReuse + TimeSpan.FromSeconds(1));
        await Rooms.CheckAsync("weekly-sta");
        Assert.Equal(2, _plugNmeet.Requests.Count(r => RoomReplies.Route(r.Request) == "room/getActiveRoomsInfo"));
        Assert.Equal(3, _plugNmeet.Requests.Count(r => RoomReplies.Route(r.Request) == "room/getActiveRoomInfo"));
    }

    private async Task SeedAsync(Action<ApplicationDbContext> seed)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        seed(db);
        await db.SaveChangesAsync();
    }
}
