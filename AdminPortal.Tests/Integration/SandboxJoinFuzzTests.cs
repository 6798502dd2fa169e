using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AdminPortal.PlugNmeet;
using AdminPortal.PlugNmeet.Sandbox;
using AdminPortal.Tests.TestHelpers;

namespace AdminPortal.Tests.Integration;

/// <summary>/sandbox/join answers every malformed token with its "not a valid link" page, never a 500.</summary>
public sealed class SandboxJoinFuzzTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static string B64(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static readonly string Header = B64("""{"alg":"HS256","typ":"JWT"}""");

    /// <summary>Damaged tokens of every kind, generated from a fixed seed so a failure can be replayed.</summary>
    private static IEnumerable<string> MalformedTokens()
    {
        var random = new Random(8);
        string[] payloads =
        [
            "null", "[]", "1", "\"x\"", "{", """{"a":1,"a":2}""", """{"exp":"soon"}""", """{"exp":1e400}""", """{"exp":-99999999999999}""",
            """{"exp":9223372036854775807}""", """{"name":{"x":1},"user_id":[1],"room_id":null}""", """{"iss":5,"sub":true}""",
            new string('[', 5000) + new string(']', 5000), "\uFEFF{}", "{\"name\":\"\uD800\"}",
        ];
        string[] headers = ["{}", "[]", """{"alg":5}""", """{"alg":"none"}""", """{"alg":["HS256"]}""", "nope", """{"alg":"HS256","alg":"x"}"""];
        foreach (var payload in payloads)
        {
            yield return $"{Header}.{B64(payload)}.sig";
            foreach (var header in headers)
            {
                yield return $"{B64(header)}.{B64(payload)}.{B64("sig")}";
            }
        }
        string[] shapes = ["", ".", "..", "...", "a.b", "a.b.c.d", "ä.ö.ü", "%%%.%%%.%%%", "a b.c d.e f", "====.====.====", new string('A', 20000)];
        foreach (var shape in shapes)
        {
            yield return shape;
        }
        const string alphabet = "ABCxyz019-_.=+/%\u00e9\u4e2d\uD83D\uDE00\0\n\"<>{}";
        for (var i = 0; i < 500; i++)
        {
            var length = random.Next(1, 200);
            var chars = new char[length];
            for (var c = 0; c < length; c++)
            {
                chars[c] = alphabet[random.Next(alphabet.Length)];
            }
            yield return new string(chars);
        }
    }

    [Fact]
    public async Task Hundreds_of_malformed_tokens_never_get_a_5xx()
    {
        using var http = new HttpClient { BaseAddress = new Uri(portal.BaseUrl) };
        var tokens = MalformedTokens().ToList();
        Assert.True(tokens.Count >= 500);
        var failures = new List<string>();
        foreach (var token in tokens)
        {
            using var response = await http.GetAsync("/sandbox/join?access_token=" + Uri.EscapeDataString(token));
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{(int)response.StatusCode} for {token[..Math.Min(token.Length, 60)]}");
            }
            else if (response.StatusCode == HttpStatusCode.OK && !(await response.Content.ReadAsStringAsync()).Contains("Cannot join"))
            {
                failures.Add($"no refusal for {token[..Math.Min(token.Length, 60)]}");
            }
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task A_token_that_is_not_a_jwt_gets_the_not_a_valid_link_message()
    {
        using var http = new HttpClient { BaseAddress = new Uri(portal.BaseUrl) };

        var page = await http.GetStringAsync("/sandbox/join?access_token=" + Uri.EscapeDataString($"{Header}.{B64("[]")}.x"));

        Assert.Contains("This is not a valid join link", page);
    }

    [Fact]
    public async Task Signed_tokens_with_wrong_claim_types_are_refused_without_a_500()
    {
        using var http = new HttpClient { BaseAddress = new Uri(portal.BaseUrl) };
        JsonObject[] claims =
        [
            new() { ["iss"] = 1, ["sub"] = 2, ["exp"] = "later", ["user_id"] = true },
            new() { ["iss"] = portal.Connection.ApiKey, ["sub"] = "a", ["user_id"] = "a", ["exp"] = long.MaxValue, ["nbf"] = long.MinValue },
            new() { ["iss"] = portal.Connection.ApiKey, ["sub"] = "a", ["user_id"] = "a", ["exp"] = 1.5, ["room_id"] = new JsonArray() },
        ];
        foreach (var claim in claims)
        {
            var token = PlugNmeetJwt.Sign(claim, portal.Connection.ApiSecret);
            using var response = await http.GetAsync("/sandbox/join?access_token=" + token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Cannot join", await response.Content.ReadAsStringAsync());
        }
    }

    // plugNmeet-server pkg/models/user_join.go lines 146-150: a non-presenter admin keeps the room's lock_whiteboard
    // (plugnmeet-protocol utils/create_room.go lines 145-147 default it to true).
    [Fact]
    public async Task The_join_page_says_administrators_get_the_rooms_whiteboard_lock()
    {
        using var http = new HttpClient();
        async Task<JsonObject> PostAsync(string route, string body)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{portal.BaseUrl}/sandbox/auth/{route}") { Content = new ByteArrayContent(bytes) };
            request.Headers.Add("API-KEY", portal.Connection.ApiKey);
            request.Headers.Add("HASH-SIGNATURE", AdminPortal.PlugNmeet.PlugNmeetSignature.Compute(bytes, portal.Connection.ApiSecret));
            using var response = await http.SendAsync(request);
            return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }
        await PostAsync("room/create", """{"room_id":"admins","metadata":{"room_title":"Admins","room_features":{}}}""");
        var token = (string)(await PostAsync("room/getJoinToken", """{"room_id":"admins","user_info":{"name":"Ada","user_id":"ada","is_admin":true}}"""))["token"]!;

        var page = await http.GetStringAsync($"{portal.BaseUrl}/sandbox/join?access_token={token}");

        Assert.Contains("who is not the presenter", page);
        Assert.Contains("whiteboard lock", page);
        Assert.DoesNotContain("never locked", page);
    }
}
