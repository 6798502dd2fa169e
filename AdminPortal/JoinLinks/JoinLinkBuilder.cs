using System.Buffers.Text;
using System.Text.Json;

namespace AdminPortal.JoinLinks;

/// <summary>Builds the participant's link <c>{client}/?access_token=…[&amp;custom_design=…]</c> (contract §4 and §5).</summary>
public static class JoinLinkBuilder
{
    public static string Build(Uri clientUrl, string token, string? customDesignJson)
    {
        var link = clientUrl.AbsoluteUri.TrimEnd('/') + "/?access_token=" + Uri.EscapeDataString(token);
        // EscapeDataString encodes '+' as %2B, which URLSearchParams would otherwise turn into a space.
        return customDesignJson is null ? link : link + "&custom_design=" + Uri.EscapeDataString(customDesignJson);
    }

    /// <summary>The token's <c>exp</c> claim, read without verifying (the portal does not hold the client's trust decision).</summary>
    public static DateTimeOffset? ReadExpiry(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }
        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return payload.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }
}
