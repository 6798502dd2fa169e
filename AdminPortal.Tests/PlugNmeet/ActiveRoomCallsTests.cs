using System.Net;
using System.Text;
using AdminPortal.PlugNmeet;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.PlugNmeet;

/// <summary>
/// getActiveRoomsInfo, getActiveRoomInfo and endRoom (contract §6.3–6.5), the groundwork of issue 12's rooms console: the answers
/// plugNmeet gives with <c>status:false</c> that are not failures, int64 fields as strings, and the built-in sandbox end to end.
/// </summary>
public sealed class ActiveRoomCallsTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string RoomWithPeople = """
        {"status":true,"msg":"success","status_code":"SUCCESS","rooms":[{"room_info":{"room_title":"Weekly","room_id":"weekly-1",
        "sid":"RM_x","joined_participants":"2","is_running":1,"is_recording":0,"creation_time":"1764000000","metadata":"{}"},
        "participants_info":[{"sid":"PA_1","identity":"maria-1","state":"ACTIVE","name":"Maria","joined_at":"1764000042",
        "metadata":"{\"is_admin\":true}"}]}]}
        """;

    [Fact]
    public async Task Running_rooms_are_read_with_their_participants_and_int64_strings()
    {
        var handler = new StubHandler((_, _) => StubHandler.Json(RoomWithPeople));

        var room = Assert.Single(await PlugNmeetClients.Create(handler).GetActiveRoomsAsync());

        Assert.Equal(("weekly-1", "Weekly", 2L, 1_764_000_000L), (room.RoomInfo!.RoomId, room.RoomInfo.RoomTitle, room.RoomInfo.JoinedParticipants, room.RoomInfo.CreationTime));
        var maria = Assert.Single(room.ParticipantsInfo!);
        Assert.Equal(("maria-1", "Maria", 1_764_000_042L), (maria.Identity, maria.Name, maria.JoinedAt));
        var (request, body) = Assert.Single(handler.Requests);
        Assert.Equal("http://plugnmeet.test/auth/room/getActiveRoomsInfo", request.RequestUri!.AbsoluteUri);
        Assert.Equal("{}", Encoding.UTF8.GetString(body)); // what the SDKs send; plugNmeet ignores it
    }

    [Fact]
    public async Task No_running_room_is_an_empty_list_not_a_failure()
    {
        var handler = new StubHandler((_, _) => StubHandler.Json("""{"status":false,"msg":"no active room found","status_code":"NOT_FOUND","rooms":[]}"""));

        Assert.Empty(await PlugNmeetClients.Create(handler).GetActiveRoomsAsync());
    }

    [Theory]
    [InlineData("""{"status":false,"msg":"room not found in active state","status_code":"ROOM_NOT_FOUND","room":null}""")]
    [InlineData("""{"status":false,"msg":"room is not active","status_code":"ROOM_NOT_ACTIVE","room":null}""")]
    public async Task A_room_that_is_not_running_is_null(string reply)
    {
        var handler = new StubHandler((_, _) => StubHandler.Json(reply));

        Assert.Null(await PlugNmeetClients.Create(handler).GetActiveRoomAsync("weekly-1"));
        Assert.Equal("""{"room_id":"weekly-1"}""", Encoding.UTF8.GetString(Assert.Single(handler.Requests).Body));
    }

    [Fact]
    public async Task Ending_a_room_that_is_not_running_is_false_and_a_room_being_created_is_a_refusal()
    {
        var notFound = new StubHandler((_, _) => StubHandler.Json("""{"status":false,"msg":"room not found or not active","status_code":"ROOM_NOT_FOUND"}"""));
        var starting = new StubHandler((_, _) => StubHandler.Json("""{"status":false,"msg":"failed to end room, it may be starting","status_code":"INTERNAL_SERVER_ERROR"}"""));

        Assert.False(await PlugNmeetClients.Create(notFound).EndRoomAsync("weekly-1"));
        var refused = await Assert.ThrowsAsync<PlugNmeetException>(() => PlugNmeetClients.Create(starting).EndRoomAsync("weekly-1"));
        Assert.Equal(PlugNmeetFailure.Refused, refused.Failure);
        Assert.Contains("it may be starting", refused.Message);
    }

    [Fact]
    public async Task A_wrong_secret_is_still_a_failure_for_these_calls()
    {
        var handler = new StubHandler((_, _) => StubHandler.Json("""{"status":false,"msg":"signature mismatch","status_code":"AUTH_FAILED"}""", HttpStatusCode.Unauthorized));

        var failure = await Assert.ThrowsAsync<PlugNmeetException>(() => PlugNmeetClients.Create(handler).GetActiveRoomsAsync());

        Assert.Equal(PlugNmeetFailure.Unauthorized, failure.Failure);
    }

    [Fact]
    public async Task Against_the_sandbox_a_room_is_listed_while_running_and_gone_once_ended()
    {
        _ = portal.BaseUrl; // start the portal, which serves the sandbox
        using var scope = portal.Services.CreateScope();
        var client = scope.ServiceProvider.GetRequiredService<PlugNmeetClient>();
        await client.CreateRoomAsync("console-room", "Console room");

        Assert.Contains(await client.GetActiveRoomsAsync(), r => r.RoomInfo?.RoomId == "console-room" && r.RoomInfo.RoomTitle == "Console room");
        Assert.Equal("console-room", (await client.GetActiveRoomAsync("console-room"))?.RoomInfo?.RoomId);
        Assert.True(await client.EndRoomAsync("console-room"));

        Assert.Null(await client.GetActiveRoomAsync("console-room"));
        Assert.DoesNotContain(await client.GetActiveRoomsAsync(), r => r.RoomInfo?.RoomId == "console-room");
        Assert.False(await client.EndRoomAsync("never-created"));
    }
}
