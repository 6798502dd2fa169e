using System.Text.Json.Nodes;
using AdminPortal.PlugNmeet.Sandbox;

namespace AdminPortal.Tests.PlugNmeet;

/// <summary>The sandbox's rooms and participants: joining, leaving, being replaced, the room ending, the room being full.</summary>
public sealed class SandboxStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private readonly SandboxState _state = new();

    private SandboxRoom Room(string roomId = "weekly", SandboxRoomSettings? settings = null) =>
        _state.CreateRoom(roomId, "Weekly", Now, settings);

    private void Issue(string roomId, string userId, bool isAdmin = false) =>
        _state.AddParticipant(new SandboxParticipant(roomId, userId, "Name " + userId, isAdmin, false, null, null, new Dictionary<string, bool>()));

    private SandboxPresence Join(SandboxRoom room, string userId) =>
        _state.Join(room.RoomId, room.Sid, userId, Now).Presence ?? throw new InvalidOperationException("refused");

    [Fact]
    public void A_joined_participant_is_listed_until_they_leave()
    {
        var room = Room();
        Issue("weekly", "maria-1");

        var maria = Join(room, "maria-1");

        Assert.Same(maria, Assert.Single(_state.Participants("weekly")));
        Assert.StartsWith("PA_", maria.Sid);
        Assert.Equal(("maria-1", "Name maria-1", Now), (maria.UserId, maria.Name, maria.JoinedAt));
        _state.Leave(maria);
        Assert.Empty(_state.Participants("weekly"));
        Assert.Equal(SandboxDisconnect.Left, maria.DisconnectReason);
    }

    [Fact]
    public void Joining_again_with_the_same_user_id_replaces_the_earlier_session()
    {
        var room = Room();
        Issue("weekly", "maria-1");
        var first = Join(room, "maria-1");

        var second = Join(room, "maria-1");

        Assert.Equal(SandboxDisconnect.Replaced, first.DisconnectReason);
        Assert.Same(second, Assert.Single(_state.Participants("weekly")));
        _state.Leave(first); // the earlier page closing later must not remove the new session
        Assert.Same(second, _state.FindPresence("weekly", "maria-1"));
    }

    [Fact]
    public void A_new_token_for_an_online_user_disconnects_them_as_plugnmeet_does()
    {
        var room = Room();
        Issue("weekly", "maria-1");
        var maria = Join(room, "maria-1");

        Issue("weekly", "maria-1");

        Assert.Equal(SandboxDisconnect.Replaced, maria.DisconnectReason);
        Assert.Empty(_state.Participants("weekly"));
    }

    [Fact]
    public void Ending_the_room_disconnects_everyone_and_its_session_cannot_be_joined_again()
    {
        var room = Room();
        Issue("weekly", "maria-1");
        Issue("weekly", "tom-2");
        var maria = Join(room, "maria-1");
        var tom = Join(room, "tom-2");

        Assert.True(_state.EndRoom("weekly"));

        Assert.Equal((SandboxDisconnect.RoomEnded, SandboxDisconnect.RoomEnded), (maria.DisconnectReason, tom.DisconnectReason));
        Assert.Empty(_state.Participants("weekly"));
        Assert.Equal(SandboxState.RoomEndedMessage, _state.Join("weekly", room.Sid, "maria-1", Now).Refusal);
        var again = Room(); // a new session of the same room id: the old session's sid and user entries are gone
        Assert.Equal(SandboxState.RoomEndedMessage, _state.Join("weekly", room.Sid, "maria-1", Now).Refusal);
        Assert.Equal(SandboxState.NoUserMessage, _state.Join("weekly", again.Sid, "maria-1", Now).Refusal);
    }

    [Fact]
    public void A_full_room_refuses_one_more_but_lets_a_participant_rejoin()
    {
        var room = Room(settings: Settings("""{"max_participants":1}""", "{}"));
        Issue("weekly", "maria-1", isAdmin: true);
        Issue("weekly", "tom-2");
        Join(room, "maria-1");

        Assert.Equal(SandboxState.RoomFullMessage, _state.Join("weekly", room.Sid, "tom-2", Now).Refusal);
        Assert.NotNull(_state.Join("weekly", room.Sid, "maria-1", Now).Presence);
    }

    [Fact]
    public void Waiting_room_puts_non_administrators_in_waiting()
    {
        var room = Room(settings: Settings("{}", """{"room_features":{"waiting_room_features":{"is_active":true}}}"""));
        Issue("weekly", "maria-1", isAdmin: true);
        Issue("weekly", "tom-2");

        Assert.False(Join(room, "maria-1").WaitForApproval);
        Assert.True(Join(room, "tom-2").WaitForApproval);
    }

    [Fact]
    public void Settings_merge_features_into_plugnmeets_defaults()
    {
        var settings = Settings("""{"empty_timeout":60,"max_participants":"12"}""", """
            {"welcome_message":"Hi","logout_url":"https://x.example/bye","room_features":{"allow_webcams":false,"mute_on_start":true,
             "allow_raise_hand":false,"room_duration":"90","chat_features":{"is_allow":false},
             "waiting_room_features":{"is_active":true,"waiting_room_msg":"Wait"},"end_to_end_encryption_features":{"is_enabled":true}},
             "default_lock_settings":{"lock_microphone":true,"lock_whiteboard":false}}
            """);

        var on = settings.Features.ToDictionary(f => f.Key, f => f.On);
        Assert.True(on["allow_webcams"]); // a plain false cannot switch off a default-on feature (contract §6.1)
        Assert.True(on["chat_features.is_allow"]);
        Assert.False(on["allow_raise_hand"]); // an optional bool can
        Assert.True(on["mute_on_start"]);
        Assert.True(on["end_to_end_encryption_features.is_enabled"]);
        Assert.Equal((true, "Wait", "Hi", "https://x.example/bye"), (settings.WaitingRoom, settings.WaitingRoomMessage, settings.WelcomeMessage, settings.LogoutUrl));
        Assert.Equal((12u, 1800u, 90ul), (settings.MaxParticipants, settings.EmptyTimeoutSeconds, settings.RoomDurationMinutes));
        Assert.True(settings.DefaultLocks["lock_microphone"]);
        Assert.False(settings.DefaultLocks["lock_whiteboard"]);
        Assert.True(settings.DefaultLocks["lock_screen_sharing"]); // unset: the room default
        var metadata = JsonNode.Parse(settings.MetadataJson("Weekly", Now))!;
        Assert.Equal("Hi", (string?)metadata["welcome_message"]);
        Assert.True((bool)metadata["room_features"]!["waiting_room_features"]!["is_active"]!);
        Assert.False((bool)metadata["default_lock_settings"]!["lock_whiteboard"]!);
    }

    [Fact]
    public void Defaults_apply_when_nothing_is_sent()
    {
        var settings = SandboxRoomSettings.Defaults;

        Assert.Equal((null, 1800u, false), (settings.MaxParticipants, settings.EmptyTimeoutSeconds, settings.WaitingRoom));
        Assert.Equal(["lock_screen_sharing", "lock_whiteboard", "lock_shared_notepad"], settings.DefaultLocks.Where(l => l.Value).Select(l => l.Key));
    }

    private static SandboxRoomSettings Settings(string request, string metadata) =>
        SandboxRoomSettings.From((JsonObject)JsonNode.Parse(request)!, (JsonObject)JsonNode.Parse(metadata)!);
}
