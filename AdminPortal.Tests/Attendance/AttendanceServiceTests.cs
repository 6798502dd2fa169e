using System.Net;
using AdminPortal.Attendance;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Invites;
using AdminPortal.JoinLinks;
using AdminPortal.Tests.TestHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Attendance;

/// <summary>
/// Attendance on the real portal: tokens issued through the services (audited), joins and leaves posted as signed webhooks to
/// <c>/webhooks/plugnmeet</c>, and what the attendance service and the CSV export make of them.
/// </summary>
public sealed class AttendanceServiceTests(AttendanceServiceTests.Portal portal) : IClassFixture<AttendanceServiceTests.Portal>
{
    public sealed class Portal : PortalFactory, IAsyncLifetime
    {
        public Task InitializeAsync() => CreateAdministratorAsync();

        Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
    }

    private AttendanceService Attendance => portal.Services.GetRequiredService<AttendanceService>();

    private static string NewRoom() => "att-" + Guid.NewGuid().ToString("N")[..10];

    private async Task<List<AuditEntry>> IssuedAsync(string room)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEntries
            .Where(a => a.RoomId == room && (a.Kind == AuditKinds.LinkIssued || a.Kind == AuditKinds.InviteUsed)).OrderBy(a => a.Id).ToListAsync();
    }

    private async Task<JoinLinkOutcome> LinkAsync(string room, string user)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JoinLinkService>().GenerateAsync(
            new JoinLinkForm { RoomId = room, DisplayName = "Ann", UserId = user }, await portal.ActorAsync(), new Uri(portal.BaseUrl + "/"));
    }

    private Task JoinAsync(string room, string user, string participantSid, DateTimeOffset at, string sid = "RM_a") =>
        TestHelpers.Webhooks.SendAsync(portal, TestHelpers.Webhooks.Body("participant_joined", room, sid, at, user, participantSid, name: user, joinedAt: at));

    private Task LeaveAsync(string room, string user, string participantSid, DateTimeOffset joined, DateTimeOffset at, string sid = "RM_a") =>
        TestHelpers.Webhooks.SendAsync(portal, TestHelpers.Webhooks.Body("participant_left", room, sid, at, user, participantSid, name: user, joinedAt: joined));

    [Fact]
    public async Task Two_visitors_of_one_open_invite_each_get_their_own_stay()
    {
        var room = NewRoom();
        var now = portal.Clock.GetUtcNow();
        await using var scope = portal.Services.CreateAsyncScope();
        var invites = scope.ServiceProvider.GetRequiredService<InviteService>();
        var created = await invites.CreateAsync(new JoinLinkForm { RoomId = room, RoomTitle = "Training" },
            new InviteTerms(InviteKind.Open, now, now.AddDays(1), null), await portal.ActorAsync(), new Uri(portal.BaseUrl + "/"));
        var code = created.Url!.Split('/').Last();
        Assert.NotNull((await invites.UseAsync(code, "Dana Visitor", "127.0.0.1", new Uri(portal.BaseUrl + "/"))).RedirectUrl);
        Assert.NotNull((await invites.UseAsync(code, "Eli Visitor", "127.0.0.1", new Uri(portal.BaseUrl + "/"))).RedirectUrl);
        var uses = await IssuedAsync(room);
        Assert.Equal(2, uses.Select(u => u.UserId).Distinct().Count());

        await JoinAsync(room, uses[0].UserId!, "PA_d", now.AddMinutes(1));
        await JoinAsync(room, uses[1].UserId!, "PA_e", now.AddMinutes(2));
        await LeaveAsync(room, uses[0].UserId!, "PA_d", now.AddMinutes(1), now.AddMinutes(31));

        var visits = (await Attendance.ForInvitesAsync([created.Invite!.Id]))[created.Invite.Id];
        Assert.Equal(["Dana Visitor", "Eli Visitor"], visits.Select(v => v.Use.DisplayName));
        Assert.Equal(TimeSpan.FromMinutes(30), Assert.Single(visits[0].Presences).Duration(now.AddHours(1)));
        Assert.False(visits[0].InRoomNow);
        Assert.True(visits[1].InRoomNow);
        Assert.Equal(PortalFactory.AdminEmail, visits[1].Use.IssuedBy);
    }

    [Fact]
    public async Task A_reissued_user_id_ties_each_join_to_its_own_link_and_a_link_nobody_used_has_no_stay()
    {
        var room = NewRoom();
        Assert.True((await LinkAsync(room, "pat-1")).Succeeded);
        var first = portal.Clock.GetUtcNow();
        await JoinAsync(room, "pat-1", "PA_1", first.AddMinutes(1));
        await LeaveAsync(room, "pat-1", "PA_1", first.AddMinutes(1), first.AddMinutes(5));
        portal.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.True((await LinkAsync(room, "pat-1")).Succeeded);
        Assert.True((await LinkAsync(room, "nobody-1")).Succeeded);
        await JoinAsync(room, "pat-1", "PA_2", portal.Clock.GetUtcNow().AddMinutes(1));
        var issued = await IssuedAsync(room);

        var stays = await Attendance.ForAdmissionsAsync(issued.Select(i => i.Id).ToList());

        Assert.Equal(first.AddMinutes(5).ToUnixTimeSeconds(), Assert.Single(stays[issued[0].Id]).LeftAt!.Value.ToUnixTimeSeconds());
        Assert.True(Assert.Single(stays[issued[1].Id]).InRoomNow);
        Assert.False(stays.ContainsKey(issued[2].Id));
    }

    [Fact]
    public async Task The_attendance_csv_lists_each_stay_safely_and_names_unmatched_joins()
    {
        var room = NewRoom();
        Assert.True((await LinkAsync(room, "ann-7")).Succeeded);
        var at = portal.Clock.GetUtcNow();
        await TestHelpers.Webhooks.SendAsync(portal, TestHelpers.Webhooks.Body("room_started", room, "RM_csv", at));
        await JoinAsync(room, "ann-7", "PA_a", at.AddMinutes(1), "RM_csv");
        await LeaveAsync(room, "ann-7", "PA_a", at.AddMinutes(1), at.AddMinutes(46), "RM_csv");
        await TestHelpers.Webhooks.SendAsync(portal, TestHelpers.Webhooks.Body("participant_joined", room, "RM_csv", at.AddMinutes(2), "=cmd|x", "PA_x",
            name: "=HYPERLINK(\"http://x.example\")", joinedAt: at.AddMinutes(2)));
        using var staff = new PortalHttp(portal);
        await staff.SignInAsync();

        using var csv = await staff.GetAsync($"/rooms/{room}/attendance.csv?session=RM_csv");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("name,user id,kind,joined (UTC),left (UTC),minutes,issued by,invite", lines[0]);
        Assert.Equal($"ann-7,ann-7,direct link,{at.AddMinutes(1).UtcDateTime:yyyy-MM-dd HH:mm:ss},{at.AddMinutes(46).UtcDateTime:yyyy-MM-dd HH:mm:ss},45,{PortalFactory.AdminEmail},", lines[1]);
        Assert.StartsWith("\"'=HYPERLINK(\"\"http://x.example\"\")\",'=cmd|x,not issued by the portal,", lines[2]);
        Assert.Contains(",in the room,", lines[2]);
    }

    [Fact]
    public async Task A_room_lists_its_sessions_newest_first_and_gives_the_people_of_the_one_asked_for()
    {
        var room = NewRoom();
        var at = portal.Clock.GetUtcNow();
        await TestHelpers.Webhooks.SendAsync(portal, TestHelpers.Webhooks.Body("room_started", room, "RM_one", at));
        await JoinAsync(room, "ann-1", "PA_1", at.AddMinutes(1), "RM_one");
        await TestHelpers.Webhooks.SendAsync(portal, TestHelpers.Webhooks.Body("room_finished", room, "RM_one", at.AddMinutes(30)));
        portal.Clock.Advance(TimeSpan.FromHours(2));
        // The second session's room_started never arrived: its people's events still make it a session.
        await JoinAsync(room, "bob-1", "PA_2", at.AddHours(2), "RM_two");

        var latest = await Attendance.ForRoomAsync(room);
        var first = await Attendance.ForRoomAsync(room, "RM_one");

        Assert.Equal(["RM_two", "RM_one"], latest.Sessions.Select(s => s.Sid));
        Assert.Equal(("RM_two", "bob-1", true), (latest.Session!.Sid, Assert.Single(latest.People).Presence.UserId, latest.Session.Running));
        var ann = Assert.Single(first.People).Presence;
        Assert.Equal(("ann-1", PresenceEnd.RoomEnded), (ann.UserId, ann.End));
        Assert.Null(Assert.Single(first.People).Admission); // no token was issued for ann-1 in this room
    }

    [Theory]
    [InlineData("/rooms/att-none/attendance.csv?session=RM_missing")]
    [InlineData("/rooms/att-none/attendance.csv")]
    [InlineData("/rooms/bad%20room%3F/attendance.csv?session=x")]
    public async Task An_unknown_session_or_room_is_a_404_never_a_500(string path)
    {
        using var staff = new PortalHttp(portal);
        await staff.SignInAsync();

        using var response = await staff.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_attendance_csv_needs_a_signed_in_staff_member()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(portal.BaseUrl) };

        using var response = await http.GetAsync("/rooms/att-any/attendance.csv?session=RM_1");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("text/csv", response.Content.Headers.ContentType?.ToString() ?? "");
    }
}
