namespace AdminPortal.Components.Layout;

/// <summary>
/// Light or dark: the staff member's own choice when they made one with the switch, otherwise the system's preference.
/// Kept in a cookie (no secret in it) so the server renders the next page in the right scheme before the circuit can ask the browser.
/// </summary>
internal sealed record ColorSchemeChoice(bool? Override, bool SystemDark)
{
    public const string CookieName = "portal-color-scheme";

    public static ColorSchemeChoice Default { get; } = new(null, false);

    public bool IsDark => Override ?? SystemDark;

    public string ToCookie() => (Override, SystemDark) switch
    {
        (true, _) => "dark",
        (false, _) => "light",
        (null, true) => "system-dark",
        (null, false) => "system-light",
    };

    /// <summary>Anything unknown (an old or edited cookie) means "follow the system", last seen light.</summary>
    public static ColorSchemeChoice Parse(string? cookie) => cookie switch
    {
        "dark" => new(true, false),
        "light" => new(false, false),
        "system-dark" => new(null, true),
        _ => Default,
    };
}
