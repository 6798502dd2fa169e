using System.Globalization;
using System.Text.Json.Nodes;

namespace AdminPortal.PlugNmeet.Sandbox;

/// <summary>The room and participant objects of the sandbox's replies, shaped as plugNmeet's protojson (contract §6.1, §6.3).</summary>
internal static class SandboxReplies
{
    /// <summary><c>ActiveRoomInfo</c>: int64s as strings, <c>is_*</c> as 0/1, metadata as a protojson string.</summary>
    public static JsonObject RoomInfo(SandboxRoom room, SandboxState state) => new()
    {
        ["room_title"] = room.Title,
        ["room_id"] = room.RoomId,
        ["sid"] = room.Sid,
        ["joined_participants"] = Int64(room.Ended ? 0 : state.Participants(room.RoomId).Count),
        ["is_running"] = room.Ended ? 0 : 1,
        ["is_recording"] = 0,
        ["is_active_rtmp"] = 0,
        ["webhook_url"] = room.Settings.WebhookUrl ?? "",
        ["is_breakout_room"] = 0,
        ["parent_room_id"] = "",
        ["creation_time"] = Int64(room.CreatedAt.ToUnixTimeSeconds()),
        ["metadata"] = room.Settings.MetadataJson(room.Title, room.CreatedAt),
    };

    public static JsonObject RoomWithParticipants(SandboxRoom room, SandboxState state) => new()
    {
        ["room_info"] = RoomInfo(room, state),
        ["participants_info"] = new JsonArray([.. state.Participants(room.RoomId).Select(p => (JsonNode)Participant(p))]),
    };

    /// <summary>A LiveKit <c>ParticipantInfo</c> (livekit_models.proto) whose metadata plugNmeet replaced with its user metadata.</summary>
    public static JsonObject Participant(SandboxPresence presence) => new()
    {
        ["sid"] = presence.Sid,
        ["identity"] = presence.UserId,
        ["state"] = "ACTIVE",
        ["tracks"] = new JsonArray(),
        ["metadata"] = UserMetadata(presence),
        ["joined_at"] = Int64(presence.JoinedAt.ToUnixTimeSeconds()),
        ["joined_at_ms"] = Int64(presence.JoinedAt.ToUnixTimeMilliseconds()),
        ["name"] = presence.Name,
        ["version"] = 0,
        // plugNmeet's LiveKit token grants hidden users "hidden"; LiveKit reports the grant here.
        ["permission"] = new JsonObject
        {
            ["can_subscribe"] = true, ["can_publish"] = true, ["can_publish_data"] = true, ["hidden"] = presence.User.IsHidden,
        },
        ["region"] = "",
        ["is_publisher"] = false,
        ["kind"] = "STANDARD",
        ["attributes"] = new JsonObject(),
        ["disconnect_reason"] = "UNKNOWN_REASON",
    };

    /// <summary>plugNmeet's <c>UserMetadata</c> as it stores it in NATS (S pkg/services/nats/nats_service.go MarshalUserMetadata).</summary>
    public static string UserMetadata(SandboxPresence presence)
    {
        var user = presence.User;
        var metadata = new JsonObject
        {
            ["is_admin"] = user.IsAdmin,
            ["record_webcam"] = true,
            ["is_presenter"] = false,
            ["raised_hand"] = new JsonObject { ["is_raised"] = false, ["raised_at"] = "0" },
            ["wait_for_approval"] = presence.WaitForApproval,
            ["lock_settings"] = new JsonObject(user.Locks.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
            ["metadata_id"] = presence.MetadataId,
            ["extra_data"] = new JsonObject(),
            ["ex_user_id"] = user.UserId,
        };
        if (user.ProfilePic is not null)
        {
            metadata["profile_pic"] = user.ProfilePic;
        }
        if (user.PreferredLang is not null)
        {
            metadata["preferred_lang"] = user.PreferredLang;
        }
        return metadata.ToJsonString();
    }

    private static string Int64(long value) => value.ToString(CultureInfo.InvariantCulture);
}
