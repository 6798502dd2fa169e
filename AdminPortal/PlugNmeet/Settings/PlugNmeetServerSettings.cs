namespace AdminPortal.PlugNmeet.Settings;

/// <summary>
/// The plugNmeet connection an Administrator saved on <c>/settings/plugnmeet</c> (one row). Values from the environment or
/// configuration files win over these. The secret is stored only sealed with ASP.NET Data Protection (the shared key ring).
/// </summary>
public sealed class PlugNmeetServerSettings
{
    public int Id { get; set; }

    /// <summary>True: the built-in sandbox; false: the server at <see cref="ServerUrl"/>.</summary>
    public bool UseSandbox { get; set; } = true;

    public string? ServerUrl { get; set; }
    public string? ClientUrl { get; set; }
    public string? ApiKey { get; set; }

    /// <summary>The API secret, protected by Data Protection; never rendered, logged or sent to a browser.</summary>
    public string? SealedSecret { get; set; }

    public DateTimeOffset? SecretChangedAt { get; set; }
    public int TimeoutSeconds { get; set; } = 15;

    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>E-mail of the Administrator who saved it last.</summary>
    public string ChangedBy { get; set; } = "";
}
