using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AdminPortal.PlugNmeet;
using AdminPortal.Tests.TestHelpers;

namespace AdminPortal.Tests.PlugNmeet;

/// <summary>The sandbox answers bad requests as plugNmeet 2.4 does (contract §3.1 and §10), over real HTTP, never with a 500.</summary>
public sealed class SandboxParityTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private readonly HttpClient _http = new();

    private async Task<(HttpStatusCode Status, JsonObject? Json, string Text)> SendAsync(string route, byte[] body, HttpMethod? method = null, bool sign = true)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, $"{portal.BaseUrl}/sandbox/auth/{route}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        if (sign)
        {
            request.Headers.Add("API-KEY", portal.Connection.ApiKey);
            request.Headers.Add("HASH-SIGNATURE", PlugNmeetSignature.Compute(body, portal.Connection.ApiSecret));
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? JsonNode.Parse(text) as JsonObject : null, text);
    }

    private Task<(HttpStatusCode Status, JsonObject? Json, string Text)> PostAsync(string route, string body) => SendAsync(route, Encoding.UTF8.GetBytes(body));

    private static void AssertRefused((HttpStatusCode Status, JsonObject? Json, string Text) reply, string statusCode, string fragment)
    {
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.False((bool)reply.Json!["status"]!);
        Assert.Equal(statusCode, (string?)reply.Json["status_code"]);
        Assert.Contains(fragment, (string?)reply.Json["msg"]);
    }

    private async Task<string> ActiveRoomAsync()
    {
        var room = "parity-" + Guid.NewGuid().ToString("N")[..8];
        var created = await PostAsync("room/create", CreateBody(room, "T"));
        Assert.True((bool)created.Json!["status"]!);
        return room;
    }

    private static string CreateBody(string roomId, string title) =>
        new JsonObject { ["room_id"] = roomId, ["metadata"] = new JsonObject { ["room_title"] = title, ["room_features"] = new JsonObject() } }.ToJsonString();

    private static string TokenBody(string room, string profilePic) =>
        new JsonObject { ["room_id"] = room, ["user_info"] = new JsonObject { ["name"] = "A", ["user_id"] = "a", ["user_metadata"] = new JsonObject { ["profile_pic"] = profilePic } } }.ToJsonString();

    // plugnmeet-protocol proto_files/plugnmeet_gen_token.proto line 36 (string.uri); bufbuild/protovalidate-go internal/rules/uri.go.
    [Theory]
    [InlineData("https://example.com/a|b.png")]
    [InlineData("https://example.com/zoë.png")]
    [InlineData("https://example.com/100%.png")]
    [InlineData("https://bücher.example/a.png")]
    [InlineData("https://example.com/a.png#x#y")]
    [InlineData("")]
    public async Task Profile_pics_that_are_not_strict_uris_are_invalid_parameters(string profilePic)
    {
        var room = await ActiveRoomAsync();

        AssertRefused(await PostAsync("room/getJoinToken", TokenBody(room, profilePic)), "INVALID_PARAMETERS",
            "user_info.user_metadata.profile_pic: value must be a valid URI [string.uri]");
    }

    [Fact]
    public async Task The_normalised_profile_pic_is_accepted()
    {
        var room = await ActiveRoomAsync();

        var reply = await PostAsync("room/getJoinToken", TokenBody(room, "https://xn--bcher-kva.example/zo%C3%AB.png"));

        Assert.True((bool)reply.Json!["status"]!);
    }

    // plugNmeet-server pkg/controllers/room.go lines 36-41: CreateRoom errors are INTERNAL_SERVER_ERROR; sql_dump/install.sql lines 7-8.
    [Fact]
    public async Task Over_long_room_ids_and_titles_fail_create_as_the_database_does()
    {
        AssertRefused(await PostAsync("room/create", CreateBody(new string('r', 65), "T")),
            "INTERNAL_SERVER_ERROR", "Data too long for column 'roomId'");
        AssertRefused(await PostAsync("room/create", CreateBody("long-title", new string('t', 256))),
            "INTERNAL_SERVER_ERROR", "Data too long for column 'room_title'");
        var ok = await PostAsync("room/create", CreateBody(new string('r', 64), new string('t', 255)));
        Assert.True((bool)ok.Json!["status"]!);
    }

    // plugNmeet-server pkg/models/room_create.go lines 29-38.
    [Theory]
    [InlineData("user_room", "RoomId cannot start with the reserved pattern 'user_'")]
    [InlineData("a-FIELD_b", "RoomId cannot contain the reserved pattern '-FIELD_'")]
    public async Task Reserved_room_ids_are_refused_on_create_as_internal_errors(string roomId, string msg) =>
        AssertRefused(await PostAsync("room/create", CreateBody(roomId, "T")),
            "INTERNAL_SERVER_ERROR", msg);

    [Fact]
    public async Task Webhook_and_logout_urls_get_the_same_strict_rule() =>
        AssertRefused(await PostAsync("room/create", """{"room_id":"hooks","metadata":{"room_title":"T","room_features":{},"logout_url":"https://x.example/a|b"}}"""),
            "INVALID_PARAMETERS", "metadata.logout_url: value must be a valid URI");

    // Go protojson (contract §3.1, §10): duplicates, wrong types and invalid UTF-8 are refused; unknown keys are ignored.
    [Theory]
    [InlineData("""{"room_id":"a","room_id":"b"}""", "duplicate field")]
    [InlineData("""{"room_id":"a","roomId":"b"}""", "duplicate field")]
    [InlineData("""{"room_id":5}""", "invalid value for string field room_id")]
    [InlineData("""{"room_id":"r","user_info":{"name":"A","user_id":"a","is_admin":"yes"}}""", "invalid value for bool field is_admin")]
    [InlineData("""{"room_id":"r","user_info":"Ada"}""", "invalid value for message field user_info")]
    [InlineData("""{"room_id":"r","user_info":{"name":"A","user_id":"a","user_metadata":{"extra_data":{"k":1}}}}""", "invalid value for map field extra_data")]
    [InlineData("""{"room_id":"r","user_info":{"name":"A","user_id":"a","user_metadata":{"lock_settings":{"lock_chat":1}}}}""", "invalid value for bool field lock_chat")]
    [InlineData("[1,2]", "syntax error")]
    [InlineData("{", "syntax error")]
    [InlineData("", "syntax error")]
    public async Task Malformed_join_token_bodies_are_invalid_parameters(string body, string fragment) =>
        AssertRefused(await PostAsync("room/getJoinToken", body), "INVALID_PARAMETERS", fragment);

    [Fact]
    public async Task Invalid_utf8_is_invalid_parameters()
    {
        byte[] body = [.. Encoding.UTF8.GetBytes("""{"room_id":"r"""), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}")];

        AssertRefused(await SendAsync("room/isRoomActive", body), "INVALID_PARAMETERS", "invalid UTF-8");
    }

    [Fact]
    public async Task Unknown_keys_and_nulls_are_ignored()
    {
        var room = await ActiveRoomAsync();

        var reply = await PostAsync("room/getJoinToken",
            $$$"""{"room_id":"{{{room}}}","allow_chat":"whatever","user_info":{"name":"A","user_id":"a","user_metadata":null,"Is_Admin":"x"}}""");

        Assert.True((bool)reply.Json!["status"]!);
    }

    // The real server accepts them; only the portal's form refuses them (plugNmeet-server pkg/models/user_join.go has no such check).
    [Theory]
    [InlineData("RECORDER_BOT")]
    [InlineData("RTMP_BOT")]
    [InlineData("all")]
    [InlineData("public")]
    public async Task Special_user_ids_are_accepted_like_the_real_server(string userId)
    {
        var room = await ActiveRoomAsync();

        var reply = await PostAsync("room/getJoinToken", $$$"""{"room_id":"{{{room}}}","user_info":{"name":"Bot","user_id":"{{{userId}}}"}}""");

        Assert.True((bool)reply.Json!["status"]!);
    }

    // plugNmeet-server pkg/app/router.go line 147: the /auth group's middleware runs for any method, before routing.
    [Theory]
    [InlineData("GET", "room/getJoinToken")]
    [InlineData("DELETE", "room/create")]
    [InlineData("GET", "no/such/route")]
    public async Task Any_method_without_headers_is_401_first(string method, string route)
    {
        var reply = await SendAsync(route, [], new HttpMethod(method), sign: false);

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("MISSING_REQUIRED_PARAMETER", (string?)reply.Json!["status_code"]);
    }

    [Fact]
    public async Task A_signed_get_finds_no_route()
    {
        var reply = await SendAsync("room/getJoinToken", [], HttpMethod.Get);

        Assert.Equal((HttpStatusCode.NotFound, "not found"), (reply.Status, reply.Text));
    }

    [Fact]
    public async Task Bodies_over_64_kb_get_413_before_any_header_is_checked()
    {
        var big = new byte[64 * 1024 + 1];
        big.AsSpan().Fill((byte)' ');

        var declared = await SendAsync("room/isRoomActive", big, sign: false);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.Status);

        // Chunked: no Content-Length, so the reader has to stop by itself. Only a little over the cap: a client still sending
        // megabytes when the 413 arrives and the connection closes may see a broken pipe instead of the answer.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{portal.BaseUrl}/sandbox/auth/room/isRoomActive")
        {
            Content = new StreamContent(new MemoryStream(new byte[80 * 1024])),
        };
        request.Headers.TransferEncodingChunked = true;
        using var chunked = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);

        var justFits = new byte[64 * 1024];
        justFits.AsSpan().Fill((byte)' ');
        "{}"u8.CopyTo(justFits);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("room/isRoomActive", justFits)).Status);
    }
}
