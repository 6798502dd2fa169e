using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdminPortal.Tests.TestHelpers;

namespace AdminPortal.Tests.Rooms;

/// <summary>A participant in a contract-shaped reply (§6.3): metadata is plugNmeet's user metadata as a protojson string, hidden is LiveKit's grant.</summary>
public sealed record StubParticipant(string Name, string Identity, bool IsAdmin = false, bool IsHidden = false, long JoinedAt = 1_772_443_800);

/// <summary>A running room in a contract-shaped reply; int64 fields are sent as strings, as plugNmeet does.</summary>
public sealed record StubRoom(string RoomId, string Title = "", string Sid = "", long CreationTime = 1_772_443_000, params StubParticipant[] Participants)
{
    public string Session => Sid.Length > 0 ? Sid : "RM_" + RoomId;

    public JsonObject ToJson() => new()
    {
        ["room_info"] = new JsonObject
        {
            ["room_title"] = Title, ["room_id"] = RoomId, ["sid"] = Session, ["joined_participants"] = Participants.Length.ToString(),
            ["is_running"] = 1, ["creation_time"] = CreationTime.ToString(), ["metadata"] = "{}",
        },
        ["participants_info"] = new JsonArray(Participants.Select(p => (JsonNode)new JsonObject
        {
            ["sid"] = "PA_" + p.Identity, ["identity"] = p.Identity, ["state"] = "ACTIVE", ["name"] = p.Name, ["joined_at"] = p.JoinedAt.ToString(),
            // plugNmeet's user metadata has no is_hidden: a hidden user has LiveKit's "hidden" grant, reported in permission.
            ["metadata"] = JsonSerializer.Serialize(new { name = p.Name, is_admin = p.IsAdmin }),
            ["permission"] = new JsonObject { ["can_subscribe"] = true, ["hidden"] = p.IsHidden },
        }).ToArray()),
    };
}

/// <summary>Answers getActiveRoomsInfo, getActiveRoomInfo and endRoom from a list of running rooms, as plugNmeet would.</summary>
public static class RoomReplies
{
    public static HttpResponseMessage Answer(IList<StubRoom> running, string route, string body)
    {
        var roomId = body.Length > 2 ? JsonNode.Parse(body)?["room_id"]?.GetValue<string>() : null;
        var room = running.FirstOrDefault(r => r.RoomId == roomId);
        return route switch
        {
            "room/getActiveRoomsInfo" when running.Count == 0 =>
                StubHandler.Json("""{"status":false,"msg":"no active room found","status_code":"NOT_FOUND","rooms":[]}"""),
            "room/getActiveRoomsInfo" => StubHandler.Json(new JsonObject
            {
                ["status"] = true, ["msg"] = "success", ["status_code"] = "SUCCESS",
                ["rooms"] = new JsonArray(running.Select(r => (JsonNode)r.ToJson()).ToArray()),
            }.ToJsonString()),
            "room/getActiveRoomInfo" when room is null =>
                StubHandler.Json("""{"status":false,"msg":"room not found in active state","status_code":"ROOM_NOT_FOUND","room":null}"""),
            "room/getActiveRoomInfo" => StubHandler.Json(new JsonObject
            {
                ["status"] = true, ["msg"] = "success", ["status_code"] = "SUCCESS", ["room"] = room!.ToJson(),
            }.ToJsonString()),
            "room/endRoom" when room is null => StubHandler.Json("""{"status":false,"msg":"room not found or not active","status_code":"ROOM_NOT_FOUND"}"""),
            "room/endRoom" => Ended(running, room!),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        };
    }

    /// <summary>The route of a request to plugNmeet's API, e.g. <c>room/endRoom</c>.</summary>
    public static string Route(HttpRequestMessage request) => request.RequestUri!.AbsolutePath["/auth/".Length..];

    private static HttpResponseMessage Ended(IList<StubRoom> running, StubRoom room)
    {
        running.Remove(room);
        return StubHandler.Json("""{"status":true,"msg":"success","status_code":"SUCCESS"}""");
    }
}
