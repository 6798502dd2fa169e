using System.Globalization;
using System.Text.Json.Nodes;

namespace AdminPortal.PlugNmeet.Sandbox;

/// <summary>Reading fields of a request the sandbox already checked against its <see cref="SandboxRequestShape"/>.</summary>
internal static class SandboxJson
{
    /// <summary>plugNmeet accepts both the proto name (snake_case) and the JSON name (lowerCamelCase) of a field.</summary>
    public static JsonNode? Get(JsonObject obj, string snakeName)
    {
        if (obj.TryGetPropertyValue(snakeName, out var value))
        {
            return value;
        }
        var camel = string.Concat(snakeName.Split('_').Select((part, i) => i == 0 || part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
        return obj.TryGetPropertyValue(camel, out value) ? value : null;
    }

    public static string? Text(JsonObject obj, string name) =>
        Get(obj, name) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static bool Flag(JsonObject obj, string name) =>
        Get(obj, name) is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>An unsigned integer field, sent as a number or (protojson's 64-bit form) a string; null when unset.</summary>
    public static ulong? UInt(JsonObject obj, string name) => Get(obj, name) switch
    {
        JsonValue v when v.TryGetValue<ulong>(out var n) => n,
        JsonValue v when v.TryGetValue<string>(out var s) && ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };
}
