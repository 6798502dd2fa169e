using AdminPortal.Hosting;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AdminPortal.PlugNmeet.Sandbox;

/// <summary>
/// A plugNmeet-compatible <c>/auth</c> API served by the portal itself, with its own credentials (whatever server the portal uses). It follows the
/// wire contract on every point the portal uses: header and signature checks with plugNmeet's 401 bodies, HTTP 200 for
/// every handler reply (failures included), protojson-style snake_case replies, and HS256 join tokens.
/// </summary>
internal static class SandboxApi
{
    public static readonly TimeSpan TokenValidity = TimeSpan.FromMinutes(10);

    public static IEndpointRouteBuilder MapSandboxApi(this IEndpointRouteBuilder endpoints)
    {
        // One catch-all so authentication runs first even on unknown paths, as plugNmeet's middleware does.
        endpoints.Map(PlugNmeetConnection.SandboxPath + "/auth/{**route}", HandleAsync).AllowAnonymous().DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(string? route, HttpContext context, SandboxState state,
        PlugNmeetConnection connection, TimeProvider time)
    {
        state.CountRequest();
        var (body, readStatus) = await LimitedBody.ReadAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            return readStatus == StatusCodes.Status413PayloadTooLarge
                ? Results.Text("Request Entity Too Large", "text/plain", statusCode: readStatus)
                : Results.Text("Bad Request", "text/plain", statusCode: StatusCodes.Status400BadRequest);
        }

        var apiKey = context.Request.Headers["API-KEY"].ToString();
        var signature = context.Request.Headers["HASH-SIGNATURE"].ToString();
        if (apiKey.Length == 0)
        {
            return Unauthorized("Missing API-KEY header.", "MISSING_REQUIRED_PARAMETER");
        }
        if (apiKey != connection.SandboxApiKey)
        {
            return Unauthorized("Invalid API key provided.", "INVALID_API_KEY");
        }
        if (signature.Length == 0)
        {
            return Unauthorized("Missing HASH-SIGNATURE header.", "MISSING_REQUIRED_PARAMETER");
        }
        if (!PlugNmeetSignature.Verify(body, connection.SandboxApiSecret, signature))
        {
            return Unauthorized("Failed to verify provided authentication details.", "INVALID_TOKEN_OR_SIGNATURE");
        }

        // plugNmeet-server pkg/app/router.go: the /auth group's middleware runs for every method; only POST routes exist behind it.
        if (!HttpMethods.IsPost(context.Request.Method)
            || route is not ("room/create" or "room/isRoomActive" or "room/getActiveRoomInfo" or "room/getActiveRoomsInfo" or "room/endRoom" or "room/getJoinToken"))
        {
            return NotFound();
        }
        if (route == "room/getActiveRoomsInfo")
        {
            return ActiveRooms(state); // plugNmeet ignores this body
        }

        var shape = route switch
        {
            "room/create" => SandboxRequestShape.CreateRoom,
            "room/getJoinToken" => SandboxRequestShape.GenerateToken,
            _ => SandboxRequestShape.RoomId,
        };
        if (shape.Check(body) is { } decodeError)
        {
            return Reply(false, decodeError, "INVALID_PARAMETERS");
        }
        var request = (JsonObject)JsonNode.Parse(body)!;

        var now = time.GetUtcNow();
        return route switch
        {
            "room/create" => CreateRoom(request, state, now),
            "room/isRoomActive" => IsRoomActive(request, state),
            "room/getActiveRoomInfo" => ActiveRoom(request, state),
            "room/endRoom" => EndRoom(request, state),
            _ => JoinToken(request, state, connection, now),
        };
    }

    private static IResult CreateRoom(JsonObject request, SandboxState state, DateTimeOffset now)
    {
        var roomId = SandboxJson.Text(request, "room_id");
        if (!PlugNmeetRules.IsValidRoomId(roomId))
        {
            return Invalid("room_id", "value does not match regex pattern `^[a-zA-Z0-9-_]+$`", "string.pattern");
        }
        if (SandboxJson.Get(request, "metadata") is not JsonObject metadata)
        {
            return Invalid("metadata", "value is required", "required");
        }
        var title = SandboxJson.Text(metadata, "room_title");
        if (string.IsNullOrEmpty(title))
        {
            return Invalid("metadata.room_title", "value is required", "required");
        }
        if (SandboxJson.Get(metadata, "room_features") is not JsonObject)
        {
            return Invalid("metadata.room_features", "value is required", "required");
        }
        // plugnmeet_create_room.proto: optional uint32 with gt: 0, so an explicit 0 is refused.
        foreach (var countField in new[] { "empty_timeout", "max_participants" })
        {
            if (SandboxJson.UInt(request, countField) == 0)
            {
                return Invalid(countField, "value must be greater than 0", "uint32.gt");
            }
        }
        foreach (var uriField in new[] { "webhook_url", "logout_url" })
        {
            if (SandboxJson.Get(metadata, uriField) is JsonValue uri && !StrictUri.IsValid((string)uri!))
            {
                return Invalid("metadata." + uriField, "value must be a valid URI", "string.uri");
            }
        }
        // plugNmeet-server pkg/models/room_create.go: reserved patterns are refused after validation, as internal errors.
        if (PlugNmeetRules.ReservedRoomIdMessage(roomId!) is { } reserved)
        {
            return Reply(false, reserved, "INTERNAL_SERVER_ERROR");
        }
        // sql_dump/install.sql: roomId varchar(64), room_title varchar(255); MariaDB strict mode refuses longer values.
        if (state.FindRoom(roomId!) is not { Ended: false } && TooLongColumn(roomId!, title) is { } column)
        {
            return Reply(false, $"Error 1406 (22001): Data too long for column '{column}' at row 1", "INTERNAL_SERVER_ERROR");
        }
        var room = state.CreateRoom(roomId!, title, now, SandboxRoomSettings.From(request, metadata));
        return Reply(true, "success", "SUCCESS", new() { ["room_info"] = SandboxReplies.RoomInfo(room, state) });
    }

    private static IResult IsRoomActive(JsonObject request, SandboxState state)
    {
        var roomId = SandboxJson.Text(request, "room_id");
        if (string.IsNullOrEmpty(roomId))
        {
            return Invalid("room_id", "value is required", "required");
        }
        return state.FindRoom(roomId) switch
        {
            null => Reply(true, "room not found", "ROOM_NOT_FOUND", new() { ["is_active"] = false }),
            { Ended: true } => Reply(true, "room is not active", "ROOM_NOT_ACTIVE", new() { ["is_active"] = false }),
            _ => Reply(true, "room is active", "SUCCESS", new() { ["is_active"] = true }),
        };
    }

    private static IResult ActiveRoom(JsonObject request, SandboxState state) =>
        state.FindRoom(SandboxJson.Text(request, "room_id") ?? "") switch
        {
            null => Reply(false, "room not found in active state", "ROOM_NOT_FOUND", new() { ["room"] = null }),
            { Ended: true } => Reply(false, "room is not active", "ROOM_NOT_ACTIVE", new() { ["room"] = null }),
            var room => Reply(true, "success", "SUCCESS", new() { ["room"] = SandboxReplies.RoomWithParticipants(room, state) }),
        };

    private static IResult ActiveRooms(SandboxState state)
    {
        var rooms = new JsonArray(state.ActiveRooms.Select(r => (JsonNode)SandboxReplies.RoomWithParticipants(r, state)).ToArray());
        return rooms.Count == 0
            ? Reply(false, "no active room found", "NOT_FOUND", new() { ["rooms"] = rooms })
            : Reply(true, "success", "SUCCESS", new() { ["rooms"] = rooms });
    }

    private static IResult EndRoom(JsonObject request, SandboxState state)
    {
        var roomId = SandboxJson.Text(request, "room_id");
        if (string.IsNullOrEmpty(roomId))
        {
            return Invalid("room_id", "value is required", "required");
        }
        return state.EndRoom(roomId)
            ? Reply(true, "success", "SUCCESS")
            : Reply(false, "room not found or not active", "ROOM_NOT_FOUND");
    }

    private static IResult JoinToken(JsonObject request, SandboxState state, PlugNmeetConnection connection, DateTimeOffset now)
    {
        var roomId = SandboxJson.Text(request, "room_id");
        if (!PlugNmeetRules.IsValidRoomId(roomId))
        {
            return Invalid("room_id", "value does not match regex pattern `^[a-zA-Z0-9-_]+$`", "string.pattern");
        }
        if (SandboxJson.Get(request, "user_info") is not JsonObject userInfo)
        {
            return Invalid("user_info", "value is required", "required");
        }
        var name = SandboxJson.Text(userInfo, "name");
        if (string.IsNullOrEmpty(name))
        {
            return Invalid("user_info.name", "value is required", "required");
        }
        var metadata = SandboxJson.Get(userInfo, "user_metadata") as JsonObject;
        var profilePic = metadata is null ? null : SandboxJson.Get(metadata, "profile_pic");
        // protovalidate string.uri is strict RFC 3986 (bufbuild/protovalidate-go internal/rules/uri.go); "" counts as set.
        if (profilePic is not null && !StrictUri.IsValid((string)profilePic!))
        {
            return Invalid("user_info.user_metadata.profile_pic", "value must be a valid URI", "string.uri");
        }

        var room = state.FindRoom(roomId!);
        if (room is null || room.Ended)
        {
            return Reply(false, "room is not active", "ROOM_NOT_FOUND");
        }

        var userId = SandboxJson.Text(userInfo, "user_id") ?? "";
        if (name == PlugNmeetRules.RecorderName)
        {
            return Reply(false, $"name: {name} is reserved for internal use only", "INTERNAL_SERVER_ERROR");
        }
        var problem = PlugNmeetRules.CheckUserId(userId);
        if (problem is not null)
        {
            return Reply(false, problem switch
            {
                UserIdProblem.ReservedPrefix => $"user_id: {userId} is reserved for internal use only",
                UserIdProblem.NativeSuffix => "user_id: suffix -native is reserved for internal use only",
                UserIdProblem.FieldPattern => "user_id cannot contain the reserved pattern '-FIELD_'",
                UserIdProblem.UserPrefix => "user_id cannot start with the reserved pattern 'user_'",
                _ => "user_id should only contain ASCII letters (a-z A-Z), digits (0-9) or -_",
            }, "INTERNAL_SERVER_ERROR");
        }

        var isAdmin = SandboxJson.Flag(userInfo, "is_admin");
        var isHidden = SandboxJson.Flag(userInfo, "is_hidden");
        state.AddParticipant(new SandboxParticipant(roomId!, userId, name, isAdmin, isHidden,
            (string?)profilePic, metadata is null ? null : SandboxJson.Text(metadata, "preferred_lang"),
            isAdmin ? new Dictionary<string, bool>() : Locks(metadata, room.Settings.DefaultLocks)));

        var claims = new JsonObject
        {
            ["iss"] = connection.SandboxApiKey,
            ["sub"] = userId,
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.Add(TokenValidity).ToUnixTimeSeconds(),
            ["name"] = name,
            ["user_id"] = userId,
            ["room_id"] = roomId,
        };
        if (isAdmin)
        {
            claims["is_admin"] = true;
        }
        if (isHidden)
        {
            claims["is_hidden"] = true;
        }
        return Reply(true, "success", "SUCCESS", new() { ["token"] = PlugNmeetJwt.Sign(claims, connection.SandboxApiSecret) });
    }

    /// <summary>Locks as the sent values plus the room's default_lock_settings for the ones left unset (S pkg/models/user_lock.go).</summary>
    private static Dictionary<string, bool> Locks(JsonObject? metadata, IReadOnlyDictionary<string, bool> roomDefaults)
    {
        var sent = metadata is null ? null : SandboxJson.Get(metadata, "lock_settings") as JsonObject;
        var locks = new Dictionary<string, bool>();
        foreach (var lockKind in PlugNmeetLocks.All)
        {
            var value = sent is null ? null : SandboxJson.Get(sent, lockKind.Key);
            locks[lockKind.Key] = value is null ? roomDefaults[lockKind.Key] : value.GetValue<bool>();
        }
        return locks;
    }

    /// <summary>MariaDB counts characters (code points), not UTF-16 units.</summary>
    private static string? TooLongColumn(string roomId, string title) =>
        roomId.EnumerateRunes().Count() > PlugNmeetRules.MaxRoomIdLength ? "roomId"
        : title.EnumerateRunes().Count() > PlugNmeetRules.MaxRoomTitleLength ? "room_title"
        : null;

    private static IResult Invalid(string field, string message, string rule) =>
        Reply(false, $"validation error:\n - {field}: {message} [{rule}]", "INVALID_PARAMETERS");

    private static IResult Unauthorized(string msg, string statusCode) =>
        Results.Text(new JsonObject { ["status"] = false, ["msg"] = msg, ["status_code"] = statusCode }.ToJsonString(),
            "application/json", statusCode: StatusCodes.Status401Unauthorized);

    private static IResult NotFound() => Results.Text("not found", "text/plain", statusCode: StatusCodes.Status404NotFound);

    private static IResult Reply(bool status, string msg, string statusCode, JsonObject? extra = null)
    {
        var json = new JsonObject { ["status"] = status, ["msg"] = msg, ["status_code"] = statusCode };
        foreach (var (key, value) in extra ?? [])
        {
            json[key] = value?.DeepClone();
        }
        return Results.Text(json.ToJsonString(), "application/json");
    }
}
