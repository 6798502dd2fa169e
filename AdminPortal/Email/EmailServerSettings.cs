namespace AdminPortal.Email;

/// <summary>How the connection to the SMTP server is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS, which the server must offer (usually port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,

    /// <summary>No encryption at all: only for a relay on the same host or network.</summary>
    None,
}

/// <summary>
/// The SMTP server an Administrator saved on <c>/settings/email</c> (one row). The password is stored only sealed with ASP.NET
/// Data Protection (the shared key ring), like the plugNmeet secret.
/// </summary>
public sealed class EmailServerSettings
{
    public int Id { get; set; }

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? UserName { get; set; }

    /// <summary>The password, protected by Data Protection; never rendered, logged or sent to a browser.</summary>
    public string? SealedPassword { get; set; }

    public DateTimeOffset? PasswordChangedAt { get; set; }

    public string? SenderName { get; set; }
    public string? SenderAddress { get; set; }
    public string? ReplyTo { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>E-mail of the Administrator who saved it last.</summary>
    public string ChangedBy { get; set; } = "";
}
