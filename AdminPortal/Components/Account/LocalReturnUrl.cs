namespace AdminPortal.Components.Account;

/// <summary>Keeps redirects after sign-in and sign-out on this site: anything else becomes the generator.</summary>
internal static class LocalReturnUrl
{
    /// <summary>
    /// A path relative to the app's base (no leading slash), or "" when <paramref name="returnUrl"/> is empty or points off the site
    /// (another host, <c>//host</c>, <c>/\host</c>, a scheme such as <c>javascript:</c>).
    /// </summary>
    public static string Resolve(string? returnUrl, Uri appBase)
    {
        if (string.IsNullOrWhiteSpace(returnUrl) || returnUrl.Contains('\\') || returnUrl.Any(char.IsControl))
        {
            return "";
        }
        if (returnUrl.StartsWith('/'))
        {
            // A rooted path; on Unix Uri would read it as a file path, so it is checked by hand.
            return returnUrl.StartsWith("//", StringComparison.Ordinal) ? "" : returnUrl.TrimStart('/');
        }
        if (Uri.TryCreate(returnUrl, UriKind.Absolute, out var absolute))
        {
            return appBase.IsBaseOf(absolute) && absolute.Scheme == appBase.Scheme && absolute.Authority == appBase.Authority
                ? absolute.PathAndQuery[appBase.AbsolutePath.Length..] + absolute.Fragment
                : "";
        }
        return Uri.IsWellFormedUriString(returnUrl, UriKind.Relative) ? returnUrl : "";
    }
}
