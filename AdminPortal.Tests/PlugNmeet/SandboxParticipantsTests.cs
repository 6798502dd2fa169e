using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AdminPortal.PlugNmeet;
using AdminPortal.PlugNmeet.Sandbox;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.PlugNmeet;

/// <summary>
/// Over real HTTP: the portal's own <see cref="PlugNmeetClient"/> against its sandbox sees participants join, leave and be replaced,
/// endRoom ends their sessions and their join pages, and room/create keeps the settings the join page then shows.
/// </summary>
public sealed class SandboxParticipantsTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static string NewRoomId() => "people-" + Guid.NewGuid().ToString("N")[..8];

    private PlugNmeetClient Client()
    {
        _ = portal.BaseUrl;
        return portal.Services.CreateScope().ServiceProvider.GetRequiredService<PlugNmeetClient>();
    }

    private static Task<string> TokenAsync(PlugNmeetClient client, string roomId, string userId, bool isAdmin = false) =>
        client.GetJoinTokenAsync(new GenerateTokenRequest(roomId, new UserInfo("Maria " + userId, userId, isAdmin, false, null)));

    private SandboxPresence Join(string roomId, string userId)
    {
        var room = portal.Sandbox.FindRoom(roomId)!;
        return portal.Sandbox.Join(roomId, room.Sid, userId, portal.Clock.GetUtcNow()).Presence!;
    }

    private async Task<JsonObject> PostAsync(string route, string body)
    {
        using var http = new HttpClient();
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{portal.BaseUrl}/sandbox/auth/{route}") { Content = new ByteArrayContent(bytes) };
        request.Headers.Add("API-KEY", portal.Connection.ApiKey);
        request.Headers.Add("HASH-SIGNATURE", PlugNmeetSignature.Compute(bytes, portal.Connection.ApiSecret));
        using var response = await http.SendAsync(request);
        return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<string> JoinPageAsync(string token)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync($"{portal.BaseUrl}{PlugNmeetConnection.SandboxJoinPath}?access_token={token}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_joined_participant_is_listed_in_livekits_shape_and_gone_once_they_leave()
    {
        var client = Client();
        var roomId = NewRoomId();
        await client.CreateRoomAsync(roomId, "People");
        await TokenAsync(client, roomId, "maria-1", isAdmin: true);

        var maria = Join(roomId, "maria-1");

        var room = (await client.GetActiveRoomAsync(roomId))!;
        var info = Assert.Single(room.ParticipantsInfo!);
        Assert.Equal((maria.Sid, "maria-1", "Maria maria-1", "ACTIVE", portal.Clock.GetUtcNow().ToUnixTimeSeconds()),
            (info.Sid, info.Identity, info.Name, info.State, info.JoinedAt));
        Assert.Equal(1, room.RoomInfo!.JoinedParticipants);
        var metadata = JsonNode.Parse(info.Metadata!)!;
        Assert.True((bool)metadata["is_admin"]!);
        Assert.Equal("maria-1", (string?)metadata["ex_user_id"]);
        var raw = await PostAsync("room/getActiveRoomsInfo", "{}");
        var listed = raw["rooms"]!.AsArray().Single(r => (string?)r!["room_info"]!["room_id"] == roomId)!;
        Assert.Equal("1", (string?)listed["room_info"]!["joined_participants"]); // protojson int64: a string
        Assert.IsType<string>((string?)listed["participants_info"]![0]!["joined_at"]);

        portal.Sandbox.Leave(maria);

        Assert.Empty((await client.GetActiveRoomAsync(roomId))!.ParticipantsInfo!);
        Assert.Equal(0, (await client.GetActiveRoomAsync(roomId))!.RoomInfo!.JoinedParticipants);
    }

    [Fact]
    public async Task Reissuing_a_token_for_an_online_user_disconnects_the_earlier_session()
    {
        var client = Client();
        var roomId = NewRoomId();
        await client.CreateRoomAsync(roomId, "People");
        await TokenAsync(client, roomId, "maria-1");
        var first = Join(roomId, "maria-1");

        await TokenAsync(client, roomId, "maria-1");

        Assert.Equal(SandboxDisconnect.Replaced, await first.Disconnected.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Empty((await client.GetActiveRoomAsync(roomId))!.ParticipantsInfo!);
        var second = Join(roomId, "maria-1");
        Assert.Equal(second.Sid, Assert.Single((await client.GetActiveRoomAsync(roomId))!.ParticipantsInfo!).Sid);
    }

    [Fact]
    public async Task Ending_the_room_removes_its_participants_and_its_links_say_it_ended()
    {
        var client = Client();
        var roomId = NewRoomId();
        await client.CreateRoomAsync(roomId, "People");
        var token = await TokenAsync(client, roomId, "maria-1");
        var maria = Join(roomId, "maria-1");

        Assert.True(await client.EndRoomAsync(roomId));

        Assert.Equal(SandboxDisconnect.RoomEnded, await maria.Disconnected.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Null(await client.GetActiveRoomAsync(roomId));
        Assert.Empty(portal.Sandbox.Participants(roomId));
        Assert.Contains(SandboxState.RoomEndedMessage, await JoinPageAsync(token));

        // plugNmeet forgets the ended session's users: after a restart of the room the old link is refused too
        portal.Clock.Advance(TimeSpan.FromSeconds(5));
        await client.CreateRoomAsync(roomId, "People again");
        var page = await JoinPageAsync(token);
        Assert.Contains(SandboxState.RoomEndedMessage, page);
        Assert.Contains("earlier session", page);
    }

    [Fact]
    public async Task Create_stores_the_settings_and_the_join_page_shows_them()
    {
        var client = Client();
        var roomId = NewRoomId();
        var created = await PostAsync("room/create", $$$$"""
            {"room_id":"{{{{roomId}}}}","max_participants":1,"empty_timeout":600,"metadata":{"room_title":"Settings","welcome_message":"Welcome, all",
             "webhook_url":"https://portal.example/hooks","room_features":{"waiting_room_features":{"is_active":true,"waiting_room_msg":"Hold on"},
             "polls_features":{"is_allow":false},"end_to_end_encryption_features":{"is_enabled":true}},
             "default_lock_settings":{"lock_chat":true,"lock_whiteboard":false}}}
            """);
        Assert.True((bool)created["status"]!, created.ToJsonString());
        Assert.Equal("https://portal.example/hooks", (string?)created["room_info"]!["webhook_url"]);
        var metadata = JsonNode.Parse((string)created["room_info"]!["metadata"]!)!;
        Assert.Equal("Welcome, all", (string?)metadata["welcome_message"]);
        Assert.True((bool)metadata["default_lock_settings"]!["lock_chat"]!);

        var page = await JoinPageAsync(await TokenAsync(client, roomId, "tom-2"));

        Assert.Contains("Welcome, all", page);
        Assert.Contains("on: Hold on", page);
        Assert.Contains("""data-feature="end_to_end_encryption_features.is_enabled" data-on="true">""", page);
        Assert.Contains("""data-feature="polls_features.is_allow" data-on="true">""", page); // false cannot switch off a default-on feature
        Assert.Contains("""data-lock="lock_chat" data-locked="true">Chat: locked""", page);
        Assert.Contains("10 min", page);
        Assert.Contains("""data-lock="lock_chat" data-locked="true">""", page);

        // max_participants 1: once someone is in, the next person's link is refused as plugNmeet does
        await TokenAsync(client, roomId, "maria-1");
        Join(roomId, "maria-1");
        Assert.Contains(SandboxState.RoomFullMessage, await JoinPageAsync(await TokenAsync(client, roomId, "ann-3")));
    }

    [Theory]
    [InlineData("empty_timeout")]
    [InlineData("max_participants")]
    public async Task Zero_counts_are_invalid_parameters(string field)
    {
        var reply = await PostAsync("room/create", $$$$"""{"room_id":"{{{{NewRoomId()}}}}","{{{{field}}}}":0,"metadata":{"room_title":"T","room_features":{}}}""");

        Assert.False((bool)reply["status"]!);
        Assert.Equal("INVALID_PARAMETERS", (string?)reply["status_code"]);
        Assert.Contains($"{field}: value must be greater than 0", (string?)reply["msg"]);
    }
}
