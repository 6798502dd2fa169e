using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using AdminPortal.PlugNmeet.Settings;
using Microsoft.Extensions.Options;

namespace AdminPortal.PlugNmeet;

/// <summary>
/// The plugNmeet server the portal talks to: the configured one, or the built-in sandbox at <c>/sandbox</c>
/// (reached over loopback on the portal's own listening address).
/// </summary>
public sealed class PlugNmeetConnection(IOptions<PlugNmeetOptions> options, IServer server)
{
    public const string SandboxPath = "/sandbox";
    public const string SandboxJoinPath = "/sandbox/join";

    private volatile PlugNmeetEndpoint? _current;
    private (string Key, string Secret)? _sandbox;

    /// <summary>
    /// The values in force now: per field configuration, else the settings saved on <c>/settings/plugnmeet</c>, else the sandbox.
    /// Kept in memory and replaced by <c>PlugNmeetSettingsService</c> every few seconds, so a call never waits for the database.
    /// </summary>
    internal PlugNmeetEndpoint Current => _current ?? throw new InvalidOperationException("plugNmeet credentials have not been loaded yet.");

    public bool UsesSandbox => _current?.UsesSandbox ?? options.Value.UsesSandbox;

    public string ApiKey => Current.ApiKey;

    /// <summary>The shared secret. Server-side only: never render it, log it or send it to a browser.</summary>
    internal string ApiSecret => Current.ApiSecret;

    /// <summary>How long one call (its retry included) may take.</summary>
    public TimeSpan Timeout => Current.Timeout;

    /// <summary>The built-in sandbox's own API key, which its API accepts whatever the portal itself currently uses.</summary>
    public string SandboxApiKey => Sandbox.Key;

    internal string SandboxApiSecret => Sandbox.Secret;

    private (string Key, string Secret) Sandbox =>
        _sandbox ?? throw new InvalidOperationException("plugNmeet credentials have not been loaded yet.");

    /// <summary>Uses configuration only, with these credentials for the sandbox (and for a configured server that has none).</summary>
    internal void UseCredentials(string apiKey, string apiSecret) =>
        Use(PlugNmeetPrecedence.Resolve(options.Value, timeoutConfigured: true, null, null, (apiKey, apiSecret)) with { ApiKey = apiKey, ApiSecret = apiSecret },
            (apiKey, apiSecret));

    internal void Use(PlugNmeetEndpoint endpoint, (string Key, string Secret) sandbox)
    {
        var wasSandbox = _current?.UsesSandbox;
        (_sandbox, _current) = (sandbox, endpoint);
        if (wasSandbox is { } before && before != endpoint.UsesSandbox)
        {
            SandboxModeChanged?.Invoke();
        }
    }

    /// <summary>Raised when the portal switches between the sandbox and a real server (open pages update their banner).</summary>
    public event Action? SandboxModeChanged;

    /// <summary>Base URL of the plugNmeet server, without the <c>/auth</c> prefix and without a trailing slash.</summary>
    public Uri ServerUrl => ServerUrlOf(Current);

    internal Uri ServerUrlOf(PlugNmeetEndpoint endpoint) => endpoint.ServerUrl ?? new Uri(SelfAddress() + SandboxPath);

    /// <summary>Where participants open the conference; in sandbox mode, the portal's own join page as the browser sees it.</summary>
    public Uri ClientUrl(Uri portalBaseUri) =>
        // JoinLinkBuilder adds the path's trailing slash and keeps a query the address has
        Current.ClientUrl ?? new Uri(portalBaseUri, SandboxJoinPath.TrimStart('/'));

    private string SelfAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault()
            ?? throw new PlugNmeetException(PlugNmeetFailure.Unreachable, "The built-in sandbox is not reachable: the portal is not listening on any address yet.");
        var uri = new UriBuilder(address.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "127.0.0.1";
        }
        return uri.Uri.GetLeftPart(UriPartial.Authority);
    }
}
