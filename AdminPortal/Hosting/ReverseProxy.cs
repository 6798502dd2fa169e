using System.Net;
using AdminPortal.Invites;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace AdminPortal.Hosting;

/// <summary>The proxies whose <c>X-Forwarded-*</c> headers the portal believes (section <c>ReverseProxy</c>). Both empty: none.</summary>
public sealed class ReverseProxyOptions
{
    public const string SectionName = "ReverseProxy";

    /// <summary>Addresses of trusted proxies, e.g. 10.0.0.5 or ::1.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form, e.g. 10.0.0.0/8.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>True when at least one proxy or network is set; blank entries (an emptied variable) do not count.</summary>
    public bool IsConfigured => KnownProxies.Any(p => !string.IsNullOrWhiteSpace(p)) || KnownNetworks.Any(n => !string.IsNullOrWhiteSpace(n));

    internal IEnumerable<IPAddress> Proxies() => KnownProxies.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => ParseProxy(p)!);

    internal IEnumerable<IPNetwork> Networks() => KnownNetworks.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => ParseNetwork(n)!.Value);

    /// <summary>CIDR whose address is the first of its range: "10.0.0.1/8" is refused rather than quietly read as 10.0.0.0/8.</summary>
    internal static IPNetwork? ParseNetwork(string text)
    {
        text = text.Trim();
        var slash = text.IndexOf('/');
        return slash > 0 && ParseProxy(text[..slash]) is { } address && IPNetwork.TryParse(text, out var network) && network.BaseAddress.Equals(address)
            ? network : null;
    }

    /// <summary>A dotted or IPv6 address only: IPAddress.TryParse alone would read "10.1" or "1" as some unexpected address.</summary>
    internal static IPAddress? ParseProxy(string text)
    {
        text = text.Trim();
        return IPAddress.TryParse(text, out var address)
            && (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || text.Count(c => c == '.') == 3) ? address : null;
    }
}

/// <summary>Every entry must be an address (proxies) or a CIDR network (networks); a typo must stop the start, not trust the wrong host.</summary>
internal sealed class ReverseProxyOptionsValidator : IValidateOptions<ReverseProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ReverseProxyOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.KnownProxies.Count; i++)
        {
            var entry = options.KnownProxies[i];
            if (!string.IsNullOrWhiteSpace(entry) && ReverseProxyOptions.ParseProxy(entry) is null)
            {
                failures.Add($"ReverseProxy:KnownProxies:{i} (\"{entry}\") is not an IP address such as 10.0.0.5 or ::1"
                    + (entry.Contains('/') ? "; put a network such as 10.0.0.0/8 in ReverseProxy:KnownNetworks." : "."));
            }
        }
        for (var i = 0; i < options.KnownNetworks.Count; i++)
        {
            var entry = options.KnownNetworks[i];
            if (!string.IsNullOrWhiteSpace(entry) && ReverseProxyOptions.ParseNetwork(entry) is null)
            {
                failures.Add($"ReverseProxy:KnownNetworks:{i} (\"{entry}\") is not a network in CIDR form such as 10.0.0.0/8 "
                    + "(an address, a slash and a prefix length; the address must be the first of its range).");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Behind a proxy the request's own address is the proxy's, so invite links need the public address spelled out.</summary>
internal sealed class PublicBaseUrlBehindProxy(IOptions<ReverseProxyOptions> proxy) : IValidateOptions<InviteOptions>
{
    public ValidateOptionsResult Validate(string? name, InviteOptions options) =>
        proxy.Value.IsConfigured && string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            ? ValidateOptionsResult.Fail("Invites:PublicBaseUrl is required when ReverseProxy:KnownProxies or ReverseProxy:KnownNetworks is set: "
                + "set it to the address visitors use, such as https://portal.example.com.")
            : ValidateOptionsResult.Success;
}

/// <summary>
/// Forwarded headers from the configured proxies only: the client address, scheme and host they report replace the connection's,
/// so rate limits, the audit, cookie Secure, HSTS and request-built URLs see the real client. Nothing configured: headers are ignored.
/// </summary>
internal static class ReverseProxy
{
    public static IServiceCollection AddReverseProxySupport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReverseProxyOptions>().BindConfiguration(ReverseProxyOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReverseProxyOptions>, ReverseProxyOptionsValidator>();
        services.AddSingleton<IValidateOptions<InviteOptions>, PublicBaseUrlBehindProxy>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((forwarded, proxy) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // The defaults trust loopback; only what the operator listed is trusted, so a local process cannot speak for a client.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var address in proxy.Value.Proxies())
            {
                forwarded.KnownProxies.Add(address);
            }
            foreach (var network in proxy.Value.Networks())
            {
                forwarded.KnownIPNetworks.Add(network);
            }
            // No fixed count: the middleware walks X-Forwarded-For from the right and stops at the first untrusted hop, so a chain of
            // listed proxies (CDN, then nginx) works and anything a client wrote further left is never believed.
            forwarded.ForwardLimit = null;
            // A forwarded host must be one the portal would accept as Host ("*" or empty: any, as host filtering does).
            var allowed = (configuration["AllowedHosts"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!allowed.Contains("*"))
            {
                forwarded.AllowedHosts = allowed;
            }
        });
        return services;
    }

    /// <summary>First in the pipeline, so everything after it sees the forwarded client; does nothing unless a proxy is configured.</summary>
    public static IApplicationBuilder UseReverseProxySupport(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<IOptions<ReverseProxyOptions>>().Value.IsConfigured ? app.UseForwardedHeaders() : app;
}
