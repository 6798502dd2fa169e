namespace AdminPortal.JoinLinks;

/// <summary>Helper text for URL fields: says when the address will be sent in another (normalised) form.</summary>
public static class UrlHelper
{
    public static string Text(string? value, string fallback) =>
        JoinLinkRules.NormalizedUrl(value) is { } sent && sent != value!.Trim() ? $"Will be sent as {sent}" : fallback;
}
