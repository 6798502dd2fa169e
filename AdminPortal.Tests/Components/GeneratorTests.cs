using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AdminPortal.Components.Pages.Generator;
using AdminPortal.JoinLinks;
using AdminPortal.PlugNmeet;
using AdminPortal.Tests.TestHelpers;
using Bunit;
using Microsoft.JSInterop;
using MudBlazor;

namespace AdminPortal.Tests.Components;

public partial class GeneratorTests : PortalBunitContext
{
    private static readonly string[] LockKeys = PlugNmeetLocks.All.Select(l => l.Key).ToArray();

    private readonly StubPlugNmeet _plugNmeet;

    public GeneratorTests() : base(JSRuntimeMode.Loose)
    {
        _plugNmeet = new StubPlugNmeet(Clock);
        AddPlugNmeet(_plugNmeet);
    }

    [Fact]
    public void Empty_form_shows_required_messages_next_to_the_fields_and_sends_nothing()
    {
        var cut = RenderWithPopovers<Generator>();
        Assert.Null(ValidationMessage(cut, "room-id"));
        Assert.Empty(cut.FindAll("#form-invalid"));

        cut.Find("#generate").Click();

        cut.WaitForAssertion(() => Assert.Equal("Room ID is required.", ValidationMessage(cut, "room-id")));
        Assert.Equal("Display name is required.", ValidationMessage(cut, "display-name"));
        Assert.Equal("User ID is required.", ValidationMessage(cut, "user-id"));
        Assert.NotNull(cut.Find("#form-invalid"));
        Assert.Empty(cut.FindAll("#join-link"));
        Assert.Equal(0, _plugNmeet.RequestCount);
    }

    [Theory]
    [InlineData("user_bob", "User ID must not start with user_ (reserved by plugNmeet).")]
    [InlineData("has space", "User ID may only contain letters A–Z, digits, - and _ (no spaces).")]
    [InlineData("sip_x", "User ID must not start with ingres_, pnm_agent-, pnm_tts_agent- or sip_ (reserved by plugNmeet).")]
    [InlineData("bob-native", "User ID must not end with -native (reserved by plugNmeet).")]
    public void Invalid_user_id_shows_the_rule_it_breaks_and_sends_nothing(string userId, string expected)
    {
        Assert.Equal(expected, JoinLinkRules.UserId(userId));
        var cut = RenderWithPopovers<Generator>();
        FillValidForm(cut, userId: userId);

        cut.Find("#generate").Click();

        cut.WaitForAssertion(() => Assert.Equal(expected, ValidationMessage(cut, "user-id")));
        Assert.Null(ValidationMessage(cut, "room-id"));
        Assert.Null(ValidationMessage(cut, "display-name"));
        Assert.NotNull(cut.Find("#form-invalid"));
        Assert.Equal(0, _plugNmeet.RequestCount);
    }

    [Fact]
    public void Http_avatar_shows_the_https_message_and_sends_nothing()
    {
        var cut = RenderWithPopovers<Generator>();
        FillValidForm(cut);
        cut.Find("#avatar-url").Input("http://example.com/ada.png");

        cut.Find("#generate").Click();

        cut.WaitForAssertion(() =>
            Assert.Equal("Enter a full https:// address, e.g. https://example.com/picture.png.", ValidationMessage(cut, "avatar-url")));
        Assert.Empty(cut.FindAll("img[alt='Avatar preview']"));
        Assert.NotNull(cut.Find("#form-invalid"));
        Assert.Equal(0, _plugNmeet.RequestCount);
    }

    [Fact]
    public void Malformed_colour_shows_the_colour_message_and_sends_nothing()
    {
        var cut = RenderWithPopovers<Generator>();
        FillValidForm(cut);
        OpenSection(cut, "design");
        cut.Find("input#primary_color").Input("#12345");

        cut.Find("#generate").Click();

        cut.WaitForAssertion(() =>
            Assert.Equal("Enter a hex colour such as #1a73e8 (3, 6 or 8 hex digits after #).", ValidationMessage(cut, "primary_color")));
        Assert.NotNull(cut.Find("#form-invalid"));
        Assert.Equal(0, _plugNmeet.RequestCount);
    }

    [Fact]
    public void Valid_form_generates_a_link_with_qr_code_and_countdown()
    {
        var cut = RenderWithPopovers<Generator>();
        FillValidForm(cut);

        cut.Find("#generate").Click();

        cut.WaitForElement("#join-link");
        var expectedUrl = $"{ServerUrl}/?access_token={Uri.EscapeDataString(_plugNmeet.LastToken!)}";
        Assert.Equal(expectedUrl, cut.Find("#join-link").GetAttribute("value"));
        Assert.StartsWith("data:image/png;base64,", cut.Find("img#join-qr").GetAttribute("src"));
        Assert.Equal("10:00", cut.Find("#expiry-remaining").TextContent);
        Assert.Contains("Link for Ada Lovelace (ada-1) in room weekly-standup", cut.Find("#result").TextContent);
        Assert.Empty(cut.FindAll("#form-invalid"));
        Assert.Empty(cut.FindAll("#generate-error"));

        // A running room costs one call: the token, signed with the configured key and secret.
        Assert.Equal(["room/getJoinToken"], _plugNmeet.Routes);
        Assert.All(_plugNmeet.Requests, r =>
        {
            Assert.Equal(ApiKey, r.ApiKey);
            Assert.True(PlugNmeetSignature.Verify(r.Body, ApiSecret, r.Signature));
        });
        using var body = JsonDocument.Parse(_plugNmeet.Requests[0].Body);
        Assert.Equal("weekly-standup", body.RootElement.GetProperty("room_id").GetString());
        Assert.Equal("ada-1", body.RootElement.GetProperty("user_info").GetProperty("user_id").GetString());
    }

    [Fact]
    public void Room_that_is_not_running_is_created_with_its_title_and_the_token_asked_for_again()
    {
        _plugNmeet.RoomActive = false;
        var cut = RenderWithPopovers<Generator>();
        FillValidForm(cut);
        cut.Find("#room-title").Input("Weekly stand-up");

        cut.Find("#generate").Click();

        cut.WaitForElement("#join-link");
        Assert.Equal(["room/getJoinToken", "room/create", "room/getJoinToken"], _plugNmeet.Routes);
        using var create = JsonDocument.Parse(_plugNmeet.Requests[1].Body);
        Assert.Equal("weekly-standup", create.RootElement.GetProperty("room_id").GetString());
        Assert.Equal("Weekly stand-up", create.RootElement.GetProperty("metadata").GetProperty("room_title").GetString());
    }

    [Fact]
    public void Refusal_from_plugNmeet_is_shown_and_no_link_appears()
    {
        _plugNmeet.TokenRefusal = "user_id is already in use";
        var cut = RenderWithPopovers<Generator>();
        FillValidForm(cut);

        cut.Find("#generate").Click();

        cut.WaitForAssertion(() => Assert.Equal(
            "plugNmeet refused the request: user_id is already in use (FAILED)", cut.Find("#generate-error").TextContent.Trim()));
        Assert.Empty(cut.FindAll("#join-link"));
        Assert.Empty(cut.FindAll("#form-invalid"));
        Assert.False(cut.Find("#generate").HasAttribute("disabled"));
    }

    [Fact]
    public void Expired_link_can_be_generated_again_from_the_countdown()
    {
        // Short-lived tokens: the countdown ticks every second, so advancing a fake clock by minutes would queue hundreds of renders.
        _plugNmeet.TokenLifetime = TimeSpan.FromSeconds(3);
        var cut = RenderWithPopovers<Generator>();
        FillValidForm(cut);
        cut.Find("#generate").Click();
        cut.WaitForElement("#join-link");
        var firstToken = _plugNmeet.LastToken;
        Assert.Equal("0:03", cut.Find("#expiry-remaining").TextContent);

        Clock.Advance(TimeSpan.FromSeconds(2));
        cut.WaitForAssertion(() => Assert.Equal("0:01", cut.Find("#expiry-remaining").TextContent));
        Assert.Empty(cut.FindAll("#generate-again"));

        Clock.Advance(TimeSpan.FromSeconds(1));
        cut.WaitForElement("#expired-alert");
        cut.Find("#generate-again").Click();

        cut.WaitForAssertion(() => Assert.Equal("0:03", cut.Find("#expiry-remaining").TextContent));
        Assert.NotEqual(firstToken, _plugNmeet.LastToken);
        Assert.Equal($"{ServerUrl}/?access_token={Uri.EscapeDataString(_plugNmeet.LastToken!)}", cut.Find("#join-link").GetAttribute("value"));
        Assert.Empty(cut.FindAll("#expired-alert"));
        Assert.Equal(2, _plugNmeet.Routes.Count(r => r == "room/getJoinToken"));
    }

    [Fact]
    public void Make_unique_id_fills_in_an_accepted_id_from_the_display_name()
    {
        var cut = RenderWithPopovers<Generator>();
        cut.Find("#display-name").Input("Zoë O'Brien");
        cut.Find("#user-id").Input("user_bob");
        Assert.Equal("User ID must not start with user_ (reserved by plugNmeet).", ValidationMessage(cut, "user-id"));

        cut.Find("#make-user-id").Click();

        cut.WaitForAssertion(() => Assert.Null(ValidationMessage(cut, "user-id")));
        Assert.Matches("^zoe-o-brien-[0-9a-f]{8}$", cut.Find("input#user-id").GetAttribute("value"));
        // Only the user id is re-checked: fields not filled in yet are not flagged before Generate.
        Assert.Null(ValidationMessage(cut, "room-id"));
        Assert.Empty(cut.FindAll("#form-invalid"));
        Assert.Equal(0, _plugNmeet.RequestCount);
    }

    [Fact]
    public void Administrator_switch_disables_every_lock_and_explains_why()
    {
        var cut = RenderWithPopovers<Generator>();
        OpenSection(cut, "locks");
        Assert.All(LockKeys, key => Assert.False(cut.Find($"input#{key}").HasAttribute("disabled"), key));
        Assert.Empty(cut.FindAll("#locks-admin-note"));

        cut.Find("input#is-admin").Change(true);

        Assert.Equal(10, LockKeys.Length);
        Assert.All(LockKeys, key => Assert.True(cut.Find($"input#{key}").HasAttribute("disabled"), key));
        Assert.Contains("Locks do not apply to administrators", cut.Find("#locks-admin-note").TextContent);

        cut.Find("input#is-admin").Change(false);

        Assert.All(LockKeys, key => Assert.False(cut.Find($"input#{key}").HasAttribute("disabled"), key));
        Assert.Empty(cut.FindAll("#locks-admin-note"));
    }

    [Fact]
    public void Lock_switches_start_at_the_room_defaults()
    {
        var cut = RenderWithPopovers<Generator>();
        Assert.Equal("3 locks on", cut.Find("#locks-section-summary").TextContent);
        OpenSection(cut, "locks");

        Assert.All(PlugNmeetLocks.All, l => Assert.Equal(l.RoomDefault, IsOn(cut, l.Key)));
    }

    [Fact]
    public void Moderator_invite_preset_makes_a_visible_administrator()
    {
        var cut = RenderWithPopovers<Generator>();
        cut.Find("input#is-hidden").Change(true);
        Assert.True(IsOn(cut, "is-hidden"));

        cut.Find("#preset-moderator").Click();

        Assert.True(IsOn(cut, "is-admin"));
        Assert.False(IsOn(cut, "is-hidden"));
        // Locks mean nothing for an administrator: the section stays closed and says so.
        Assert.Equal("false", cut.Find("#locks-section-toggle").GetAttribute("aria-expanded"));
        Assert.Equal("Not used for administrators", cut.Find("#locks-section-summary").TextContent);
        OpenSection(cut, "locks");
        Assert.NotNull(cut.Find("#locks-admin-note"));
        Assert.Contains(Snackbar.ShownSnackbars, s => s.Message == "Preset applied: Moderator");
    }

    [Fact]
    public void Hidden_observer_preset_makes_a_hidden_non_administrator_with_every_lock_on()
    {
        var cut = RenderWithPopovers<Generator>();
        cut.Find("input#is-admin").Change(true);
        Assert.True(IsOn(cut, "is-admin"));

        cut.Find("#preset-hidden-observer").Click();

        Assert.True(IsOn(cut, "is-hidden"));
        Assert.False(IsOn(cut, "is-admin"));
        Assert.All(LockKeys, key =>
        {
            Assert.True(IsOn(cut, key), key);
            Assert.False(cut.Find($"input#{key}").HasAttribute("disabled"), key);
        });
        Assert.Empty(cut.FindAll("#locks-admin-note"));
        // The preset set the locks, so their section opened to show them.
        Assert.Equal("true", cut.Find("#locks-section-toggle").GetAttribute("aria-expanded"));
        Assert.Equal("All locks on", cut.Find("#locks-section-summary").TextContent);
        Assert.Contains(Snackbar.ShownSnackbars, s => s.Message == "Preset applied: Hidden observer");
    }

    [Theory]
    [InlineData(true, "Link copied to the clipboard.", Severity.Success)]
    [InlineData(false, "Could not copy: select the link and press Ctrl+C.", Severity.Error)]
    public void Copy_reports_whether_the_clipboard_took_the_link(bool copied, string expected, Severity severity)
    {
        var cut = GenerateLink();
        var link = cut.Find("#join-link").GetAttribute("value");
        var copy = JSInterop.Setup<bool>("adminPortal.copyText", link);
        copy.SetResult(copied);

        cut.Find("#copy-link").Click();

        cut.WaitForAssertion(() => Assert.Equal(expected, cut.Find("#copy-status").TextContent));
        copy.VerifyInvoke("adminPortal.copyText");
        Assert.Contains(Snackbar.ShownSnackbars, s => s.Message == expected && s.Severity == severity);
    }

    [Fact]
    public void Copy_treats_a_script_error_as_a_failed_copy()
    {
        var cut = GenerateLink();
        JSInterop.Setup<bool>("adminPortal.copyText", _ => true).SetException(new JSException("adminPortal is not defined"));

        cut.Find("#copy-link").Click();

        cut.WaitForAssertion(() =>
            Assert.Equal("Could not copy: select the link and press Ctrl+C.", cut.Find("#copy-status").TextContent));
        Assert.Contains(Snackbar.ShownSnackbars, s => s.Severity == Severity.Error);
    }

    private IRenderedComponent<Generator> GenerateLink()
    {
        var cut = RenderWithPopovers<Generator>();
        FillValidForm(cut);
        cut.Find("#generate").Click();
        cut.WaitForElement("#join-link");
        Assert.Equal("", cut.Find("#copy-status").TextContent);
        return cut;
    }

    private static void FillValidForm(IRenderedComponent<Generator> cut, string userId = "ada-1")
    {
        cut.Find("#room-id").Input("weekly-standup");
        cut.Find("#display-name").Input("Ada Lovelace");
        cut.Find("#user-id").Input(userId);
    }

    /// <summary>Opens a closed section ("locks", "design") as a click on its heading would.</summary>
    private static void OpenSection(IRenderedComponent<Generator> cut, string section)
    {
        Assert.Equal("false", cut.Find($"#{section}-section-toggle").GetAttribute("aria-expanded"));
        cut.Find($"#{section}-section-toggle").Click();
        // The section's content renders after the toggle's callback; under load that can be a moment after Click returns.
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find($"#{section}-section-toggle").GetAttribute("aria-expanded")));
    }

    private static bool IsOn(IRenderedComponent<Generator> cut, string switchId) =>
        cut.Find($"input#{switchId}").GetAttribute("aria-checked") == "true";

    /// <summary>Answers plugNmeet's /auth API with an active room and a fresh JWT; counts and keeps every request.</summary>
    private sealed partial class StubPlugNmeet(TimeProvider clock) : HttpMessageHandler
    {
        private int _tokens;

        public List<(string Route, string? ApiKey, string? Signature, byte[] Body)> Requests { get; } = [];

        public int RequestCount => Requests.Count;

        public IEnumerable<string> Routes => Requests.Select(r => r.Route);

        public string? LastToken { get; private set; }

        public bool RoomActive { get; set; } = true;

        /// <summary>When set, getJoinToken answers status false with this message.</summary>
        public string? TokenRefusal { get; set; }

        /// <summary>How long the tokens it issues last (their <c>exp</c>, from the fake clock's now).</summary>
        public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

        /// <summary>The rooms getActiveRoomInfo and getActiveRoomsInfo report as running (the generator's room guard).</summary>
        public List<Rooms.StubRoom> Running { get; } = [];

        /// <summary>When set, the room reads fail as a proxy in front of a stopped server would.</summary>
        public bool RoomsBroken { get; set; }

        /// <summary>When set, every answer waits for it (a slow server).</summary>
        public TaskCompletionSource? Hold { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            if (Hold is { } hold)
            {
                await hold.Task;
            }
            var path = request.RequestUri!.AbsolutePath;
            var route = path.StartsWith("/auth/", StringComparison.Ordinal) ? path["/auth/".Length..] : path;
            Requests.Add((route, Header(request, "API-KEY"), Header(request, "HASH-SIGNATURE"), body));
            Assert.Equal("plugnmeet.test", request.RequestUri.Host);
            Assert.Equal(HttpMethod.Post, request.Method);
            return route switch
            {
                "room/isRoomActive" => Json(RoomActive
                    ? """{"status":true,"msg":"room is active","status_code":"SUCCESS","is_active":true}"""
                    : """{"status":true,"msg":"room is not active","status_code":"SUCCESS","is_active":false}"""),
                "room/create" => Created(),
                "room/getActiveRoomInfo" or "room/getActiveRoomsInfo" when RoomsBroken => new HttpResponseMessage(HttpStatusCode.BadGateway),
                "room/getActiveRoomInfo" or "room/getActiveRoomsInfo" => Rooms.RoomReplies.Answer(Running, route, Encoding.UTF8.GetString(body)),
                // As plugNmeet answers for a room that was never created or has ended (contract §3.3).
                "room/getJoinToken" when !RoomActive => Json("""{"status":false,"msg":"room is not active","status_code":"ROOM_NOT_FOUND"}"""),
                "room/getJoinToken" when TokenRefusal is not null =>
                    Json($$"""{"status":false,"msg":"{{TokenRefusal}}","status_code":"FAILED"}"""),
                "room/getJoinToken" => Json($$"""{"status":true,"msg":"success","status_code":"SUCCESS","token":"{{LastToken = NewToken()}}"}"""),
                _ => new HttpResponseMessage(HttpStatusCode.NotFound),
            };
        }

        private HttpResponseMessage Created()
        {
            RoomActive = true;
            return Json("""{"status":true,"msg":"success","status_code":"SUCCESS"}""");
        }

        private string NewToken()
        {
            var exp = clock.GetUtcNow().Add(TokenLifetime).ToUnixTimeSeconds();
            var header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);
            var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"exp":{{exp}},"jti":"token-{{++_tokens}}"}"""));
            return $"{header}.{payload}.c2lnbmF0dXJl";
        }

        private static string? Header(HttpRequestMessage request, string name) =>
            request.Headers.TryGetValues(name, out var values) ? values.Single() : null;

        private static HttpResponseMessage Json(string json) =>
            new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    }
}
