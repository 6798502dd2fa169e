using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
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

    private (string Key, string Secret)? _credentials;

    public bool UsesSandbox => options.Value.UsesSandbox;

    public string ApiKey => Credentials.Key;

    /// <summary>The shared secret. Server-side only: never render it, log it or send it to a browser.</summary>
    internal string ApiSecret => Credentials.Secret;

    private (string Key, string Secret) Credentials =>
        _credentials ?? throw new InvalidOperationException("plugNmeet credentials have not been loaded yet.");

    internal void UseCredentials(string apiKey, string apiSecret) => _credentials = (apiKey, apiSecret);

    /// <summary>Base URL of the plugNmeet server, without the <c>/auth</c> prefix and without a trailing slash.</summary>
    public Uri ServerUrl => UsesSandbox
        ? new Uri(SelfAddress() + SandboxPath)
        : new Uri(options.Value.ServerUrl!.TrimEnd('/'));

    /// <summary>Where participants open the conference; in sandbox mode, the portal's own join page as the browser sees it.</summary>
    public Uri ClientUrl(Uri portalBaseUri)
    {
        if (UsesSandbox)
        {
            return new Uri(portalBaseUri, SandboxJoinPath.TrimStart('/'));
        }
        var configured = string.IsNullOrWhiteSpace(options.Value.ClientUrl) ? options.Value.ServerUrl! : options.Value.ClientUrl;
        return new Uri(configured); // JoinLinkBuilder adds the path's trailing slash and keeps a query the address has
    }

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
