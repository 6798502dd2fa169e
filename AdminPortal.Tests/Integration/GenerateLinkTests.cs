using System.Buffers.Text;
using System.Net;
using System.Text.Json.Nodes;
using System.Web;
using Microsoft.AspNetCore.Http;
using AdminPortal.JoinLinks;
using AdminPortal.Tests.PlugNmeet;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdminPortal.Tests.Integration;

/// <summary>The whole chain over real HTTP: portal on Kestrel, its client calling the sandbox (or a broken server) on loopback.</summary>
public sealed class GenerateLinkTests : IAsyncLifetime
{
    private readonly PortalFactory _portal = new();
    private readonly List<IAsyncDisposable> _extra = [];

    public Task InitializeAsync() => _portal.CreateAdministratorAsync();

    public async Task DisposeAsync()
    {
        foreach (var item in _extra)
        {
            await item.DisposeAsync();
        }
        await _portal.DisposeAsync();
    }

    private async Task<JoinLinkOutcome> GenerateAsync(PortalFactory portal, JoinLinkForm form)
    {
        // The actor comes from the main portal's database; the same account exists nowhere else, so copy it over.
        var actor = await _portal.ActorAsync();
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JoinLinkService>().GenerateAsync(form, actor, new Uri(portal.BaseUrl + "/"));
    }

    private static JoinLinkForm Form(string room) => new() { RoomId = room, RoomTitle = "Quarterly review", DisplayName = "Zoë Ångström", UserId = "zoe-1" };

    [Fact]
    public async Task Signed_in_staff_get_a_link_whose_token_and_join_page_match_the_form()
    {
        using var http = new PortalHttp(_portal);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SignInAsync()).StatusCode);
        Assert.Contains("Join link generator", await (await http.GetAsync("")).Content.ReadAsStringAsync());

        var room = "review-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Null(_portal.Sandbox.FindRoom(room));
        var form = Form(room);
        form.IsHidden = true;
        form.Reason = "TICKET-1";
        form.PreferredLanguage = "de-DE";
        form.Locks.Clear();
        form.Locks.UnionWith(["lock_microphone", "lock_chat"]);
        form.Design["primary_color"] = "#004D90";
        form.Design["custom_logo"] = "https://example.com/logo+1.png";

        var outcome = await GenerateAsync(_portal, form);

        Assert.True(outcome.Succeeded, outcome.Error);
        var link = outcome.Link!;
        Assert.StartsWith($"{_portal.BaseUrl}/sandbox/join/?access_token=", link.Url);
        Assert.Equal("Quarterly review", _portal.Sandbox.FindRoom(room)!.Title); // unknown room created automatically
        var query = HttpUtility.ParseQueryString(new Uri(link.Url).Query);
        var claims = JsonNode.Parse(Base64Url.DecodeFromChars(query["access_token"]!.Split('.')[1]))!;
        Assert.Equal("Zoë Ångström", (string?)claims["name"]);
        Assert.Equal("zoe-1", (string?)claims["user_id"]);
        Assert.Equal(room, (string?)claims["room_id"]);
        Assert.True((bool)claims["is_hidden"]!);
        Assert.Null(claims["is_admin"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds((long)claims["exp"]!), link.ExpiresAt);
        Assert.Equal("https://example.com/logo+1.png", CustomDesign.Parse(query["custom_design"])["custom_logo"]);
        Assert.StartsWith("data:image/png;base64,", link.QrCodeDataUri);

        using var participant = new HttpClient();
        var page = WebUtility.HtmlDecode(await participant.GetStringAsync(link.Url));
        Assert.Contains("<td id=\"join-name\">Zoë Ångström</td>", page);
        Assert.Contains($"<td id=\"join-room-id\">{room}</td>", page);
        Assert.Contains("<td id=\"join-hidden\">yes</td>", page);
        Assert.Contains("<td id=\"join-language\">de-DE</td>", page);
        Assert.Contains("data-lock=\"lock_microphone\" data-locked=\"true\"", page);
        Assert.Contains("data-lock=\"lock_webcam\" data-locked=\"false\"", page);
        Assert.Contains("background-color: #004D90", page);
    }

    [Fact]
    public async Task An_administrator_link_sends_no_locks_and_an_existing_room_is_not_recreated()
    {
        var room = "standup-" + Guid.NewGuid().ToString("N")[..6];
        var first = await GenerateAsync(_portal, Form(room));
        var sid = _portal.Sandbox.FindRoom(room)!.Sid;
        var form = Form(room);
        form.UserId = "host-1";
        form.IsAdmin = true;
        form.Reason = "Host of the stand-up";

        var second = await GenerateAsync(_portal, form);

        Assert.True(first.Succeeded && second.Succeeded, second.Error);
        Assert.Equal(sid, _portal.Sandbox.FindRoom(room)!.Sid);
        var host = _portal.Sandbox.FindParticipant(room, "host-1")!;
        Assert.True(host.IsAdmin);
        Assert.Empty(host.Locks);
    }

    [Fact]
    public async Task Invalid_input_is_refused_before_anything_is_sent()
    {
        var before = _portal.Sandbox.RequestCount;
        var form = Form("room 1");
        form.UserId = "user_x";
        form.AvatarUrl = "http://example.com/a.png";

        var outcome = await GenerateAsync(_portal, form);

        Assert.False(outcome.Succeeded);
        Assert.Equal(["AvatarUrl", "RoomId", "UserId"], outcome.FieldErrors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(before, _portal.Sandbox.RequestCount);
    }

    [Fact]
    public async Task Wrong_secret_is_reported_as_rejected_credentials()
    {
        var portal = Configured(_portal.BaseUrl + "/sandbox", secret: "not-the-secret");

        var outcome = await GenerateAsync(portal, Form("room1"));

        Assert.False(outcome.Succeeded);
        Assert.Equal("The plugNmeet server rejected the API key or signature (Failed to verify provided authentication details). Check the API key and secret in plugNmeet settings.",
            outcome.Error);
    }

    [Fact]
    public async Task Unreachable_server_is_reported_as_such()
    {
        var portal = Configured($"http://127.0.0.1:{PlugNmeetClientTests.ClosedPort()}");

        var outcome = await GenerateAsync(portal, Form("room1"));

        Assert.Contains("refused the connection", outcome.Error);
    }

    [Fact]
    public async Task A_reply_that_is_not_json_is_reported_as_such()
    {
        var upstream = await FakeUpstream.StartAsync();
        _extra.Add(upstream);
        var portal = Configured(upstream.Url);

        var outcome = await GenerateAsync(portal, Form("room1"));

        Assert.Contains("not a plugNmeet API response", outcome.Error);
    }

    [Fact]
    public async Task A_server_url_without_the_plugnmeet_api_is_reported_as_404()
    {
        var upstream = await FakeUpstream.StartAsync();
        upstream.Reply = context =>
        {
            context.Response.StatusCode = 404;
            return context.Response.WriteAsync("not found");
        };
        _extra.Add(upstream);

        var outcome = await GenerateAsync(Configured(upstream.Url), Form("room1"));

        Assert.StartsWith("No plugNmeet API at this server URL", outcome.Error);
    }

    [Fact]
    public async Task Neither_the_secret_nor_a_token_reaches_a_page_or_a_log_line()
    {
        using var http = new PortalHttp(_portal);
        await http.SignInAsync();
        var outcome = await GenerateAsync(_portal, Form("secrets"));
        var token = HttpUtility.ParseQueryString(new Uri(outcome.Link!.Url).Query)["access_token"]!;
        using var participant = new HttpClient();
        await participant.GetStringAsync(outcome.Link.Url);

        var secret = _portal.Connection.ApiSecret;
        Assert.DoesNotContain(secret, await (await http.GetAsync("")).Content.ReadAsStringAsync());
        Assert.DoesNotContain(secret, await participant.GetStringAsync(outcome.Link.Url));
        Assert.NotEmpty(_portal.Logs.Lines);
        Assert.DoesNotContain(_portal.Logs.Lines, line => line.Contains(secret) || line.Contains(token));
    }

    [Fact]
    public void A_server_url_without_key_and_secret_stops_the_start_with_a_clear_message()
    {
        var portal = new PortalFactory { Settings = { ["PlugNmeet:ServerUrl"] = "https://meet.example.com" } };
        _extra.Add(portal);

        var ex = Assert.Throws<OptionsValidationException>(() => portal.BaseUrl);

        Assert.Contains("PlugNmeet:ApiKey is required", ex.Message);
        Assert.Contains("PlugNmeet:ApiSecret is required", ex.Message);
    }

    [Fact]
    public void An_http_client_address_other_than_localhost_stops_the_start_with_a_clear_message()
    {
        var portal = new PortalFactory
        {
            Settings = { ["PlugNmeet:ServerUrl"] = "http://127.0.0.1:9", ["PlugNmeet:ApiKey"] = "k", ["PlugNmeet:ApiSecret"] = "s" },
        };
        _extra.Add(portal);

        var ex = Assert.Throws<OptionsValidationException>(() => portal.BaseUrl);

        Assert.Contains("PlugNmeet:ClientUrl (or PlugNmeet:ServerUrl, which it defaults to) is http://127.0.0.1:9", ex.Message);
    }

    private PortalFactory Configured(string serverUrl, string? secret = null)
    {
        var portal = new PortalFactory
        {
            Settings =
            {
                ["PlugNmeet:ServerUrl"] = serverUrl,
                ["PlugNmeet:ApiKey"] = _portal.Connection.ApiKey,
                ["PlugNmeet:ApiSecret"] = secret ?? _portal.Connection.ApiSecret,
                ["PlugNmeet:TimeoutSeconds"] = "5",
                ["PlugNmeet:ClientUrl"] = "https://meet.example.test",
            },
        };
        _extra.Add(portal);
        return portal;
    }
}
