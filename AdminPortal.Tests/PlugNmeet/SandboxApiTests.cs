using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdminPortal.PlugNmeet;
using AdminPortal.Tests.TestHelpers;

namespace AdminPortal.Tests.PlugNmeet;

/// <summary>The sandbox behaves like plugNmeet on every point of the contract the portal uses, over real HTTP.</summary>
public sealed class SandboxApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private readonly HttpClient _http = new();

    private async Task<(HttpStatusCode Status, JsonObject? Json, string Text)> PostAsync(string route, string body,
        string? apiKey = null, string? secret = null, string? signature = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{portal.BaseUrl}/sandbox/auth/{route}") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        if (apiKey != "")
        {
            request.Headers.Add("API-KEY", apiKey ?? portal.Connection.ApiKey);
        }
        if (signature != "")
        {
            request.Headers.Add("HASH-SIGNATURE", signature ?? PlugNmeetSignature.Compute(bytes, secret ?? portal.Connection.ApiSecret));
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonObject? json = null;
        try
        {
            json = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
        }
        return (response.StatusCode, json, text);
    }

    [Theory]
    [InlineData("", null, null, "Missing API-KEY header.", "MISSING_REQUIRED_PARAMETER")]
    [InlineData("wrong-key", null, null, "Invalid API key provided.", "INVALID_API_KEY")]
    [InlineData(null, null, "", "Missing HASH-SIGNATURE header.", "MISSING_REQUIRED_PARAMETER")]
    [InlineData(null, "wrong-secret", null, "Failed to verify provided authentication details.", "INVALID_TOKEN_OR_SIGNATURE")]
    public async Task Authentication_failures_are_401_with_plugnmeets_bodies(string? key, string? secret, string? signature, string msg, string code)
    {
        var (status, json, _) = await PostAsync("room/isRoomActive", """{"room_id":"r1"}""", key, secret, signature);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.False((bool)json!["status"]!);
        Assert.Equal(msg, (string?)json["msg"]);
        Assert.Equal(code, (string?)json["status_code"]);
    }

    [Fact]
    public async Task Uppercase_signature_is_rejected_and_auth_runs_before_unknown_paths()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        var upper = PlugNmeetSignature.Compute(body, portal.Connection.ApiSecret).ToUpperInvariant();

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("room/isRoomActive", "{}", signature: upper)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("no/such/route", "{}", secret: "wrong")).Status);
        var (status, _, text) = await PostAsync("no/such/route", "{}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("not found", text);
    }

    [Fact]
    public async Task Room_lifecycle_create_active_end()
    {
        var room = "life-" + Guid.NewGuid().ToString("N")[..8];

        var before = await PostAsync("room/isRoomActive", $$$$"""{"room_id":"{{{{room}}}}"}""");
        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.True((bool)before.Json!["status"]!);
        Assert.False((bool)before.Json["is_active"]!);
        Assert.Equal("ROOM_NOT_FOUND", (string?)before.Json["status_code"]);

        var created = await PostAsync("room/create", $$$$"""{"room_id":"{{{{room}}}}","metadata":{"room_title":"Weekly","room_features":{}}}""");
        Assert.True((bool)created.Json!["status"]!);
        Assert.Equal("Weekly", (string?)created.Json["room_info"]!["room_title"]);
        Assert.IsType<string>((string?)created.Json["room_info"]!["creation_time"]);
        var sid = (string?)created.Json["room_info"]!["sid"];
        var again = await PostAsync("room/create", $$$$"""{"room_id":"{{{{room}}}}","metadata":{"room_title":"Other","room_features":{}}}""");
        Assert.Equal(sid, (string?)again.Json!["room_info"]!["sid"]);

        Assert.True((bool)(await PostAsync("room/isRoomActive", $$$$"""{"roomId":"{{{{room}}}}"}""")).Json!["is_active"]!);
        var rooms = await PostAsync("room/getActiveRoomsInfo", "{}");
        Assert.Contains(rooms.Json!["rooms"]!.AsArray(), r => (string?)r!["room_info"]!["room_id"] == room);

        Assert.True((bool)(await PostAsync("room/endRoom", $$$$"""{"room_id":"{{{{room}}}}"}""")).Json!["status"]!);
        var ended = await PostAsync("room/isRoomActive", $$$$"""{"room_id":"{{{{room}}}}"}""");
        Assert.False((bool)ended.Json!["is_active"]!);
        Assert.Equal("ROOM_NOT_ACTIVE", (string?)ended.Json["status_code"]);
        var token = await PostAsync("room/getJoinToken", $$$$"""{"room_id":"{{{{room}}}}","user_info":{"name":"A","user_id":"a"}}""");
        Assert.Equal("room is not active", (string?)token.Json!["msg"]);
        Assert.Equal("ROOM_NOT_FOUND", (string?)token.Json["status_code"]);
    }

    [Fact]
    public async Task Join_token_is_hs256_signed_with_the_secret_and_carries_the_real_claims()
    {
        var room = await CreateRoomAsync();

        var reply = await PostAsync("room/getJoinToken",
            $$$$"""{"room_id":"{{{{room}}}}","user_info":{"name":"Zoë","user_id":"zoe-1","is_admin":true,"is_hidden":true}}""");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("SUCCESS", (string?)reply.Json!["status_code"]);
        var parts = ((string)reply.Json["token"]!).Split('.');
        Assert.Equal("""{"alg":"HS256","typ":"JWT"}""", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0])));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(portal.Connection.ApiSecret), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        Assert.Equal(Base64Url.EncodeToString(mac), parts[2]);
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!;
        Assert.Equal(portal.Connection.ApiKey, (string?)claims["iss"]);
        Assert.Equal("zoe-1", (string?)claims["sub"]);
        Assert.Equal("zoe-1", (string?)claims["user_id"]);
        Assert.Equal("Zoë", (string?)claims["name"]);
        Assert.Equal(room, (string?)claims["room_id"]);
        Assert.True((bool)claims["is_admin"]!);
        Assert.True((bool)claims["is_hidden"]!);
        Assert.Equal(600, (long)claims["exp"]! - (long)claims["nbf"]!);
        Assert.Null(claims["iat"]);
    }

    [Theory]
    [InlineData("""{"room_id":"bad room","user_info":{"name":"A","user_id":"a"}}""", "INVALID_PARAMETERS", "validation error")]
    // user_info is (buf.validate.field).required: protovalidate answers before the controller's own check (plugNmeet-server pkg/controllers/user.go).
    [InlineData("""{"room_id":"ROOM"}""", "INVALID_PARAMETERS", "user_info: value is required")]
    [InlineData("""{"room_id":"ROOM","user_info":{"name":"","user_id":"a"}}""", "INVALID_PARAMETERS", "user_info.name")]
    [InlineData("""{"room_id":"ROOM","user_info":{"name":"A","user_id":"a","user_metadata":{"profile_pic":""}}}""", "INVALID_PARAMETERS", "profile_pic")]
    [InlineData("""{"room_id":"ROOM","user_info":{"name":"A","user_id":""}}""", "INTERNAL_SERVER_ERROR", "user_id should only contain")]
    [InlineData("""{"room_id":"ROOM","user_info":{"name":"A","user_id":"user_a"}}""", "INTERNAL_SERVER_ERROR", "cannot start with the reserved pattern 'user_'")]
    [InlineData("""{"room_id":"ROOM","user_info":{"name":"A","user_id":"sip_1"}}""", "INTERNAL_SERVER_ERROR", "is reserved for internal use only")]
    [InlineData("""{"room_id":"ROOM","user_info":{"name":"PLUGNMEET_RECORDER_AUTH","user_id":"a"}}""", "INTERNAL_SERVER_ERROR", "reserved for internal use")]
    [InlineData("not json", "INVALID_PARAMETERS", "proto: syntax error")]
    public async Task Join_token_rejections_are_http_200_with_status_false(string body, string code, string fragment)
    {
        var room = await CreateRoomAsync();

        var (status, json, _) = await PostAsync("room/getJoinToken", body.Replace("ROOM", room));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False((bool)json!["status"]!);
        Assert.Equal(code, (string?)json["status_code"]);
        Assert.Contains(fragment, (string?)json["msg"]);
        Assert.Null(json["token"]);
    }

    private async Task<string> CreateRoomAsync()
    {
        var room = "r-" + Guid.NewGuid().ToString("N")[..8];
        var created = await PostAsync("room/create", $$$$"""{"room_id":"{{{{room}}}}","metadata":{"room_title":"T","room_features":{}}}""");
        Assert.True((bool)created.Json!["status"]!);
        return room;
    }
}
