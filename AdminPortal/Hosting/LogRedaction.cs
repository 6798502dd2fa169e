using System.Text.RegularExpressions;

namespace AdminPortal.Hosting;

/// <summary>
/// What must never reach a log line: invite codes (<c>/j/&lt;code&gt;</c>), join tokens (<c>access_token=</c> and anything shaped like
/// a JWT) and the plugNmeet API secret. Every log line and every structured value passes through <see cref="Redact"/>.
/// </summary>
public sealed partial class LogRedaction
{
    private const string Hidden = "***";

    /// <summary>Shorter values are not hidden: replacing "15" or "a" everywhere would garble every later line (the client never logs a secret anyway).</summary>
    public const int MinSecretLength = 8;
    private volatile string[] _secrets = [];

    public LogRedaction(IConfiguration configuration) => AddSecret(configuration["PlugNmeet:ApiSecret"]);

    /// <summary>Adds a secret in use to hide wherever it occurs (e.g. the sandbox secret, which is only known once loaded from the database).</summary>
    public void AddSecret(string? secret)
    {
        if (secret is { Length: >= MinSecretLength } && !_secrets.Contains(secret))
        {
            _secrets = [.. _secrets, secret];
        }
    }

    /// <summary>The text with every code, token and secret replaced by <c>***</c>.</summary>
    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Hidden, StringComparison.Ordinal);
        }
        text = JsonWebToken().Replace(text, Hidden);
        text = AccessToken().Replace(text, "$1" + Hidden);
        return InvitePath().Replace(text, "$1" + Hidden);
    }

    [GeneratedRegex(@"eyJ[A-Za-z0-9_\-]*\.eyJ[A-Za-z0-9_\-]*\.[A-Za-z0-9_\-]*")]
    private static partial Regex JsonWebToken();

    [GeneratedRegex(@"(access_token(?:=|%3D))[^&\s""'#<>]+", RegexOptions.IgnoreCase)]
    private static partial Regex AccessToken();

    // "j/" at the start of a path segment (route values print it without the leading slash), plain or URL-encoded.
    [GeneratedRegex(@"((?:(?<![\w.~%-])|(?<=%2F))j(?:/|%2F))[^/?#&\s""'<>]+", RegexOptions.IgnoreCase)]
    private static partial Regex InvitePath();
}
