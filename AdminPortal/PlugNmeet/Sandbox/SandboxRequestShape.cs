using System.Text.Json;

namespace AdminPortal.PlugNmeet.Sandbox;

internal enum ProtoKind { String, Bool, Enum, UInt32, UInt64, Message, Map, AnyMessage }

internal sealed record ProtoField(string Name, ProtoKind Kind, SandboxRequestShape? Shape = null);

/// <summary>
/// The request messages the sandbox decodes, checked the way Go's protojson decodes them (contract §3.1, §10): both the
/// proto and the JSON name of a field are accepted but not both, unknown keys are ignored, <c>null</c> means unset, and a
/// value of the wrong type, a duplicate key or invalid UTF-8 is refused with a <c>proto:</c> message.
/// </summary>
internal sealed class SandboxRequestShape(params ProtoField[] fields)
{
    private static readonly SandboxRequestShape Locks = new([.. PlugNmeetLocks.All.Select(l => new ProtoField(l.Key, ProtoKind.Bool))]);

    private static readonly SandboxRequestShape UserMetadata = new(
        new("profile_pic", ProtoKind.String), new("is_admin", ProtoKind.Bool), new("record_webcam", ProtoKind.Bool),
        new("is_presenter", ProtoKind.Bool), new("raised_hand", ProtoKind.Message, new(new("is_raised", ProtoKind.Bool), new("raised_at", ProtoKind.UInt64))),
        new("wait_for_approval", ProtoKind.Bool), new("preferred_lang", ProtoKind.String), new("lock_settings", ProtoKind.Message, Locks),
        new("metadata_id", ProtoKind.String), new("extra_data", ProtoKind.Map), new("ex_user_id", ProtoKind.String));

    /// <summary>plugnmeet-protocol <c>proto_files/plugnmeet_gen_token.proto</c> <c>GenerateTokenReq</c>.</summary>
    public static readonly SandboxRequestShape GenerateToken = new(
        new("room_id", ProtoKind.String),
        new("user_info", ProtoKind.Message, new(
            new("name", ProtoKind.String), new("user_id", ProtoKind.String), new("is_admin", ProtoKind.Bool), new("is_hidden", ProtoKind.Bool),
            new("user_metadata", ProtoKind.Message, UserMetadata), new("client_type", ProtoKind.Enum))));

    /// <summary>plugnmeet-protocol <c>proto_files/plugnmeet_create_room.proto</c> <c>CreateRoomReq</c> (room features are not looked into).</summary>
    public static readonly SandboxRequestShape CreateRoom = new(
        new("room_id", ProtoKind.String), new("empty_timeout", ProtoKind.UInt32), new("max_participants", ProtoKind.UInt32),
        new("metadata", ProtoKind.Message, new(
            new("room_title", ProtoKind.String), new("welcome_message", ProtoKind.String), new("webhook_url", ProtoKind.String),
            new("logout_url", ProtoKind.String), new("room_features", ProtoKind.AnyMessage), new("default_lock_settings", ProtoKind.Message, Locks),
            new("copyright_conf", ProtoKind.Message, new(new("display", ProtoKind.Bool), new("text", ProtoKind.String))),
            new("extra_data", ProtoKind.Map), new("is_recording", ProtoKind.Bool), new("is_active_rtmp", ProtoKind.Bool),
            new("parent_room_id", ProtoKind.String), new("is_breakout_room", ProtoKind.Bool), new("started_at", ProtoKind.UInt64),
            new("metadata_id", ProtoKind.String))));

    /// <summary><c>IsRoomActiveReq</c>, <c>GetActiveRoomInfoReq</c>, <c>RoomEndReq</c>.</summary>
    public static readonly SandboxRequestShape RoomId = new(new ProtoField("room_id", ProtoKind.String));

    /// <summary>The protojson error for <paramref name="body"/>, or null when it decodes as this message.</summary>
    public string? Check(ReadOnlyMemory<byte> body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return "proto: syntax error (line 1:1): invalid UTF-8 in string";
        }
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 64 });
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? Check(document.RootElement)
                : "proto: syntax error (line 1:1): unexpected token";
        }
        catch (JsonException ex)
        {
            // System.Text.Json names the duplicate key and the position; protojson words it as below.
            return ex.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase)
                ? "proto: syntax error: duplicate field in JSON object"
                : $"proto: syntax error (line {ex.LineNumber + 1}:{ex.BytePositionInLine + 1}): unexpected token";
        }
    }

    private string? Check(JsonElement message)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in message.EnumerateObject())
        {
            var field = fields.FirstOrDefault(f => f.Name == property.Name || CamelCase(f.Name) == property.Name);
            if (field is null)
            {
                continue; // DiscardUnknown
            }
            if (!seen.Add(field.Name))
            {
                return $"proto: duplicate field \"{property.Name}\"";
            }
            if (property.Value.ValueKind != JsonValueKind.Null && CheckValue(field, property.Value) is { } error)
            {
                return error;
            }
        }
        return null;
    }

    private static string? CheckValue(ProtoField field, JsonElement value)
    {
        var ok = field.Kind switch
        {
            ProtoKind.String => value.ValueKind == JsonValueKind.String,
            ProtoKind.Bool => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            ProtoKind.Enum => value.ValueKind == JsonValueKind.String || value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _),
            ProtoKind.UInt32 => value.ValueKind == JsonValueKind.Number ? value.TryGetUInt32(out _) : value.ValueKind == JsonValueKind.String && uint.TryParse(value.GetString(), out _),
            ProtoKind.UInt64 => value.ValueKind == JsonValueKind.Number ? value.TryGetUInt64(out _) : value.ValueKind == JsonValueKind.String && ulong.TryParse(value.GetString(), out _),
            ProtoKind.Map => value.ValueKind == JsonValueKind.Object && value.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String),
            _ => value.ValueKind == JsonValueKind.Object,
        };
        if (!ok)
        {
            var kind = field.Kind.ToString().ToLowerInvariant();
            var text = value.GetRawText();
            return $"proto: invalid value for {kind} field {field.Name}: {(text.Length > 40 ? text[..40] + "…" : text)}";
        }
        return field.Kind == ProtoKind.Message ? field.Shape!.Check(value) : null;
    }

    private static string CamelCase(string snake) =>
        string.Concat(snake.Split('_').Select((part, i) => i == 0 || part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
}
