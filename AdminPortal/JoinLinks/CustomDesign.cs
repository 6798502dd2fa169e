using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AdminPortal.JoinLinks;

public enum CustomDesignKind { Color, Url }

public sealed record CustomDesignKey(string Key, string Label, CustomDesignKind Kind);

/// <summary>The <c>custom_design</c> query parameter the plugNmeet client reads (contract §5): URL-encoded JSON of string values.</summary>
public static partial class CustomDesign
{
    /// <summary>Every key the newest client reads, deprecated <c>right_side_bg_color</c> left out.</summary>
    public static readonly IReadOnlyList<CustomDesignKey> Keys =
    [
        new("primary_color", "Primary colour", CustomDesignKind.Color),
        new("primary_btn_bg_color", "Primary button background", CustomDesignKind.Color),
        new("primary_btn_text_color", "Primary button text", CustomDesignKind.Color),
        new("secondary_color", "Secondary colour", CustomDesignKind.Color),
        new("secondary_btn_bg_color", "Secondary button background", CustomDesignKind.Color),
        new("secondary_btn_text_color", "Secondary button text", CustomDesignKind.Color),
        new("background_color", "Background colour", CustomDesignKind.Color),
        new("header_bg_color", "Header background", CustomDesignKind.Color),
        new("footer_bg_color", "Footer background", CustomDesignKind.Color),
        new("footer_icon_bg_color", "Footer icon background", CustomDesignKind.Color),
        new("footer_icon_color", "Footer icon colour", CustomDesignKind.Color),
        new("side_panel_bg_color", "Side panel background", CustomDesignKind.Color),
        new("background_image", "Background image URL", CustomDesignKind.Url),
        new("custom_logo", "Logo URL", CustomDesignKind.Url),
        new("custom_css_url", "Custom CSS URL", CustomDesignKind.Url),
    ];

    [GeneratedRegex("^#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$")]
    private static partial Regex ColorPattern();

    public static bool IsColor(string value) => ColorPattern().IsMatch(value);

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON object of the keys that are set, in catalogue order; null when none is set.</summary>
    public static string? ToJson(IReadOnlyDictionary<string, string> values)
    {
        var set = Keys
            .Where(k => !string.IsNullOrWhiteSpace(values.GetValueOrDefault(k.Key)))
            .ToDictionary(k => k.Key, k => k.Kind == CustomDesignKind.Url
                ? JoinLinkRules.NormalizedUrl(values[k.Key]) ?? values[k.Key].Trim() // send the punycode / %-encoded form
                : values[k.Key].Trim());
        return set.Count == 0 ? null : JsonSerializer.Serialize(set, JsonOptions);
    }

    /// <summary>Reads a custom_design value back (as the client's <c>JSON.parse</c> would); unknown keys and non-strings are dropped.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new Dictionary<string, string>();
        }
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind != JsonValueKind.Object
                ? new Dictionary<string, string>()
                : doc.RootElement.EnumerateObject()
                    .Where(p => p.Value.ValueKind == JsonValueKind.String)
                    .ToDictionary(p => p.Name, p => p.Value.GetString()!);
        }
        catch (JsonException)
        {
            return new Dictionary<string, string>();
        }
    }
}
