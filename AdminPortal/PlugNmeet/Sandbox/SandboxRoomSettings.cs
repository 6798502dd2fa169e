using System.Text.Json.Nodes;

namespace AdminPortal.PlugNmeet.Sandbox;

/// <summary>One room feature as the join page lists it: on or off after plugNmeet's defaults were merged in.</summary>
public sealed record SandboxFeature(string Key, string Label, bool On);

/// <summary>
/// What <c>room/create</c> stored for a room (contract §6.1), as plugNmeet 2.4 applies it: features are the server's defaults
/// merged with the sent ones (a plain <c>false</c> cannot switch off a default-on feature), unset locks take the room defaults,
/// an empty timeout under 120 s becomes 1800 s.
/// </summary>
public sealed record SandboxRoomSettings(
    string? WelcomeMessage, string? WebhookUrl, string? LogoutUrl, uint? MaxParticipants, uint EmptyTimeoutSeconds,
    ulong? RoomDurationMinutes, bool WaitingRoom, string? WaitingRoomMessage, IReadOnlyList<SandboxFeature> Features,
    IReadOnlyDictionary<string, bool> DefaultLocks)
{
    /// <summary>plugnmeet-protocol utils/create_room.go: unset or under 120 s means 30 minutes.</summary>
    public const uint DefaultEmptyTimeoutSeconds = 1800;

    // (path in room_features, label, server default, optional bool): plugnmeet-protocol utils/default_variables.go.
    private static readonly (string Path, string Label, bool Default, bool Optional)[] Known =
    [
        ("allow_webcams", "Webcams", true, false),
        ("mute_on_start", "Muted on start", false, false),
        ("allow_screen_share", "Screen sharing", true, false),
        ("admin_only_webcams", "Only administrators' webcams", false, false),
        ("allow_raise_hand", "Raise hand", true, true),
        ("allow_reactions", "Reactions", true, true),
        ("recording_features.is_allow", "Recording", true, false),
        ("chat_features.is_allow", "Chat", true, false),
        ("shared_note_pad_features.is_allow", "Shared notepad", true, false),
        ("whiteboard_features.is_allow", "Whiteboard", true, false),
        ("breakout_room_features.is_allow", "Breakout rooms", true, false),
        ("polls_features.is_allow", "Polls", true, false),
        ("external_media_player_features.is_allow", "External media player", true, false),
        ("waiting_room_features.is_active", "Waiting room", false, false),
        ("end_to_end_encryption_features.is_enabled", "End-to-end encryption", false, false),
    ];

    /// <summary>A room created with nothing but a title: the server's defaults.</summary>
    public static SandboxRoomSettings Defaults { get; } = From(new JsonObject(), new JsonObject());

    /// <summary>The settings of a create request whose shape and rules were already checked.</summary>
    public static SandboxRoomSettings From(JsonObject request, JsonObject metadata)
    {
        var features = SandboxJson.Get(metadata, "room_features") as JsonObject ?? [];
        var list = Known.Select(k => new SandboxFeature(k.Path, k.Label, Feature(features, k.Path, k.Default, k.Optional))).ToList();
        var sentLocks = SandboxJson.Get(metadata, "default_lock_settings") as JsonObject;
        var locks = PlugNmeetLocks.All.ToDictionary(l => l.Key,
            l => sentLocks is not null && SandboxJson.Get(sentLocks, l.Key) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : l.RoomDefault);
        var emptyTimeout = SandboxJson.UInt(request, "empty_timeout");
        var waiting = SandboxJson.Get(features, "waiting_room_features") as JsonObject;
        return new(
            SandboxJson.Text(metadata, "welcome_message"), SandboxJson.Text(metadata, "webhook_url"), SandboxJson.Text(metadata, "logout_url"),
            (uint?)SandboxJson.UInt(request, "max_participants"),
            emptyTimeout is null or < 120 ? DefaultEmptyTimeoutSeconds : (uint)emptyTimeout,
            SandboxJson.UInt(features, "room_duration") is { } minutes and > 0 ? minutes : null,
            list.Single(f => f.Key == "waiting_room_features.is_active").On,
            waiting is null ? null : SandboxJson.Text(waiting, "waiting_room_msg"),
            list, locks);
    }

    /// <summary>The room metadata as plugNmeet returns it in <c>room_info.metadata</c>: a protojson string, snake_case.</summary>
    public string MetadataJson(string title, DateTimeOffset createdAt)
    {
        var features = new JsonObject();
        foreach (var feature in Features)
        {
            var (parent, name) = feature.Key.Contains('.') ? (feature.Key[..feature.Key.IndexOf('.')], feature.Key[(feature.Key.IndexOf('.') + 1)..]) : ("", feature.Key);
            var target = parent.Length == 0 ? features : (features[parent] as JsonObject ?? (JsonObject)(features[parent] = new JsonObject()));
            target[name] = feature.On;
        }
        if (features["waiting_room_features"] is JsonObject waiting)
        {
            waiting["waiting_room_msg"] = WaitingRoomMessage ?? "";
        }
        if (RoomDurationMinutes is { } duration)
        {
            features["room_duration"] = duration.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return new JsonObject
        {
            ["room_title"] = title,
            ["welcome_message"] = WelcomeMessage,
            ["webhook_url"] = WebhookUrl,
            ["logout_url"] = LogoutUrl,
            ["room_features"] = features,
            ["default_lock_settings"] = new JsonObject(DefaultLocks.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
            ["is_recording"] = false,
            ["is_active_rtmp"] = false,
            ["parent_room_id"] = "",
            ["is_breakout_room"] = false,
            ["started_at"] = createdAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["extra_data"] = new JsonObject(),
        }.ToJsonString();
    }

    // proto.Merge into the defaults: an implicit bool can only turn a feature on; an optional one (presence) replaces the default.
    private static bool Feature(JsonObject features, string path, bool fallback, bool optional)
    {
        var parts = path.Split('.');
        var owner = parts.Length == 1 ? features : SandboxJson.Get(features, parts[0]) as JsonObject;
        var sent = owner is not null && SandboxJson.Get(owner, parts[^1]) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : (bool?)null;
        return optional ? sent ?? fallback : fallback || sent == true;
    }
}
