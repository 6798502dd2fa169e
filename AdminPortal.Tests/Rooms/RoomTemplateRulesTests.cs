using System.Text;
using System.Text.Json;
using AdminPortal.PlugNmeet;
using AdminPortal.PlugNmeet.Sandbox;
using AdminPortal.Rooms.Templates;

namespace AdminPortal.Tests.Rooms;

/// <summary>Field rules of room templates (one message per field) and the room/create body a template becomes.</summary>
public sealed class RoomTemplateRulesTests
{
    [Theory]
    [InlineData("", "Name is required.")]
    [InlineData("   ", "Name is required.")]
    [InlineData("Webinar", null)]
    public void Name_is_required(string name, string? expected) => Assert.Equal(expected, RoomTemplateRules.Name(name));

    [Fact]
    public void Texts_have_limits_and_say_which_field_is_too_long()
    {
        Assert.NotNull(RoomTemplateRules.Name(new string('n', RoomTemplateRules.MaxNameLength + 1)));
        Assert.Null(RoomTemplateRules.Name(new string('n', RoomTemplateRules.MaxNameLength)));
        Assert.StartsWith("The description", RoomTemplateRules.Description(new string('d', RoomTemplateRules.MaxDescriptionLength + 1)));
        Assert.StartsWith("The welcome message", RoomTemplateRules.WelcomeMessage(new string('w', RoomTemplateRules.MaxMessageLength + 1)));
        Assert.StartsWith("The waiting room message", RoomTemplateRules.WaitingRoomMessage(new string('w', RoomTemplateRules.MaxMessageLength + 1)));
        Assert.Null(RoomTemplateRules.WelcomeMessage(new string('w', RoomTemplateRules.MaxMessageLength)));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(1, true)]
    [InlineData(10_000, true)]
    [InlineData(0, false)]
    [InlineData(-5, false)]
    [InlineData(10_001, false)]
    public void Max_participants_is_positive_when_set(int? value, bool ok) => Assert.Equal(ok, RoomTemplateRules.MaxParticipantsValue(value) is null);

    [Theory]
    [InlineData(null, true)]
    [InlineData(2, true)]
    [InlineData(1, false)] // plugNmeet would use 30 minutes instead
    [InlineData(0, false)]
    [InlineData(10_080, true)]
    [InlineData(10_081, false)]
    public void Empty_timeout_is_two_minutes_or_more_when_set(int? value, bool ok) => Assert.Equal(ok, RoomTemplateRules.EmptyTimeout(value) is null);

    [Theory]
    [InlineData(null, true)]
    [InlineData(1, true)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    public void Room_duration_is_positive_when_set(int? value, bool ok) => Assert.Equal(ok, RoomTemplateRules.RoomDuration(value) is null);

    [Theory]
    [InlineData("", null)]
    [InlineData("https://example.com/bye", null)]
    [InlineData("http://10.0.0.5:8080/webhooks/plugnmeet", null)]
    [InlineData("https://bücher.example/bye", null)] // punycode when sent
    [InlineData("ftp://example.com/x", "Enter a full http:// or https:// address, e.g. https://example.com/goodbye.")]
    [InlineData("example.com", "Enter a full http:// or https:// address, e.g. https://example.com/goodbye.")]
    [InlineData("https://example.com/a|b", "The character | is not allowed in an address: write it as %7C.")]
    [InlineData("https://example.com/100%", "A % must be followed by two hex digits: write a literal % as %25.")]
    [InlineData("https://example.com/a b", "An address cannot contain spaces: write them as %20.")]
    [InlineData("https://example.com/#a#b", "An address may contain only one #: write the second one as %23.")]
    public void Addresses_are_strict_rfc_3986_http_or_https(string value, string? expected) => Assert.Equal(expected, RoomTemplateRules.Address(value));

    [Fact]
    public void An_address_longer_than_plugnmeet_takes_is_refused()
    {
        Assert.StartsWith("The address", RoomTemplateRules.Address("https://example.com/" + new string('a', PlugNmeetRules.MaxUrlLength)));
    }

    [Fact]
    public void Validate_keys_each_message_by_its_field()
    {
        var template = new RoomTemplate
        {
            Name = "",
            Settings = new()
            {
                MaxParticipants = 0, EmptyTimeoutMinutes = 1, RoomDurationMinutes = 0, LogoutUrl = "nope", WebhookUrl = "https://x.example/a|b",
                Locks = ["lock_everything"],
            },
        };

        var errors = RoomTemplateRules.Validate(template);

        Assert.Equal(
            ["EmptyTimeoutMinutes", "Locks", "LogoutUrl", "MaxParticipants", "Name", "RoomDurationMinutes", "WebhookUrl"],
            errors.Keys.Order());
        Assert.Empty(RoomTemplateRules.Validate(RoomTemplateService.Standard(DateTimeOffset.UnixEpoch)));
    }

    [Fact]
    public void The_standard_template_sends_exactly_the_body_sent_before_templates()
    {
        var json = Serialize(RoomTemplateRequest.Build("room01", "Test", new RoomTemplateSettings()));

        Assert.Equal("""{"room_id":"room01","metadata":{"room_title":"Test","room_features":{}}}""", json);
    }

    [Fact]
    public void A_filled_template_sends_each_setting_by_its_protocol_name_and_nothing_server_managed()
    {
        var settings = Filled();

        var json = Serialize(RoomTemplateRequest.Build("room01", "Team", settings));

        Assert.Equal(
            """{"room_id":"room01","metadata":{"room_title":"Team","room_features":{"mute_on_start":true,"admin_only_webcams":true,"room_duration":90,"allow_virtual_bg":false,"allow_raise_hand":false,"allow_reactions":false,"waiting_room_features":{"is_active":true,"waiting_room_msg":"Please wait for the host."},"end_to_end_encryption_features":{"is_enabled":true,"included_chat_messages":true,"included_whiteboard":false}},"welcome_message":"Welcome!","webhook_url":"http://127.0.0.1:5078/webhooks/plugnmeet","logout_url":"https://xn--bcher-kva.example/bye","default_lock_settings":{"lock_microphone":false,"lock_webcam":true,"lock_screen_sharing":false,"lock_chat":true,"lock_chat_send_message":false,"lock_chat_file_share":false,"lock_private_chat":false,"lock_whiteboard":false,"lock_shared_notepad":false,"lock_reactions":false}},"empty_timeout":300,"max_participants":25}""",
            json);
        foreach (var managed in new[] { "is_recording", "is_active_rtmp", "parent_room_id", "is_breakout_room", "started_at", "metadata_id", "\"\"" })
        {
            Assert.DoesNotContain(managed, json);
        }
        // The sandbox decodes it as plugNmeet's protojson would (types, names, no duplicates).
        Assert.Null(SandboxRequestShape.CreateRoom.Check(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void An_empty_waiting_room_message_is_left_out_and_switched_off_features_send_nothing()
    {
        var json = Serialize(RoomTemplateRequest.Build("room01", "Team", new RoomTemplateSettings
        {
            WaitingRoom = true, WaitingRoomMessage = "  ", EncryptChat = true, EmptyTimeoutMinutes = null, LogoutUrl = "  ",
        }));

        Assert.Equal("""{"room_id":"room01","metadata":{"room_title":"Team","room_features":{"waiting_room_features":{"is_active":true}}}}""", json);
    }

    /// <summary>Every setting away from plugNmeet's default (also sent through the JS SDK in <see cref="TemplateBodySdkTests"/>).</summary>
    internal static RoomTemplateSettings Filled() => new()
    {
        WaitingRoom = true, WaitingRoomMessage = " Please wait for the host. ", MuteOnStart = true, AdminOnlyWebcams = true,
        AllowRaiseHand = false, AllowReactions = false, AllowVirtualBackground = false,
        EndToEndEncryption = true, EncryptChat = true, EncryptWhiteboard = false,
        Locks = ["lock_chat", "lock_webcam"], WelcomeMessage = "Welcome!", MaxParticipants = 25, EmptyTimeoutMinutes = 5, RoomDurationMinutes = 90,
        LogoutUrl = "https://bücher.example/bye", WebhookUrl = "http://127.0.0.1:5078/webhooks/plugnmeet",
    };

    private static string Serialize(CreateRoomRequest request) => JsonSerializer.Serialize(request, PlugNmeetJsonContext.Default.CreateRoomRequest);
}
