using System.Buffers.Text;
using System.Text.Json;

namespace AdminPortal.JoinLinks;

/// <summary>Builds the participant's link <c>{client}/?access_token=…[&amp;custom_design=…]</c> (contract §4 and §5).</summary>
public static class JoinLinkBuilder
{
    public static string Build(Uri clientUrl, string token, string? customDesignJson) =>
        Prefix(clientUrl) + Uri.EscapeDataString(token) + DesignPart(customDesignJson);

    /// <summary>The link up to the token: the client's path gets its trailing slash, and a query it already has is kept before <c>access_token</c>.</summary>
    public static string Prefix(Uri clientUrl)
    {
        var builder = new UriBuilder(clientUrl) { Fragment = "" };
        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }
        var query = builder.Query.TrimStart('?');
        builder.Query = "";
        return builder.Uri.AbsoluteUri + "?" + (query.Length > 0 ? query + "&" : "") + "access_token=";
    }

    /// <summary>The <c>&amp;custom_design=</c> part, or empty when there is no design.</summary>
    // EscapeDataString encodes '+' as %2B, which URLSearchParams would otherwise turn into a space.
    public static string DesignPart(string? customDesignJson) =>
        customDesignJson is null ? "" : "&custom_design=" + Uri.EscapeDataString(customDesignJson);

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
            return payload.RootElement.ValueKind == JsonValueKind.Object && payload.RootElement.TryGetProperty("exp", out var exp)
                && exp.TryGetInt64(out var seconds) && seconds is > 0 and < 253402300800
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }
}
