using System.Net;
using AdminPortal.Data;
using AdminPortal.Tests.TestHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdminPortal.Tests.Hosting;

/// <summary>A portal behind one trusted proxy, with small limits so they are quick to reach, and an administrator.</summary>
public abstract class ProxiedPortal(string trustedProxy) : IAsyncLifetime
{
    public const string PublicBaseUrl = "https://portal.example.test";

    public PortalFactory Portal { get; } = new()
    {
        Settings =
        {
            ["ReverseProxy:KnownProxies:0"] = trustedProxy,
            ["Invites:PublicBaseUrl"] = PublicBaseUrl,
            ["Invites:OpensPerMinute"] = "3",
            ["SignIn:FailuresPerMinutePerAddress"] = "2",
        },
    };

    public Task InitializeAsync() => Portal.CreateAdministratorAsync();

    public async Task DisposeAsync() => await Portal.DisposeAsync();
}

/// <summary>The test client (127.0.0.1) is the trusted proxy.</summary>
public sealed class PortalBehindProxy() : ProxiedPortal("127.0.0.1");

/// <summary>The only trusted proxy is 10.20.30.40, so the test client's forwarded headers are spoofs.</summary>
public sealed class PortalBehindOtherProxy() : ProxiedPortal("10.20.30.40");

/// <summary>Issue 9, behind a reverse proxy: from a configured proxy, X-Forwarded-* give the real client address, scheme and host.</summary>
public sealed class ReverseProxyTests(PortalBehindProxy fixture) : IClassFixture<PortalBehindProxy>
{
    private PortalFactory Portal => fixture.Portal;

    [Fact]
    public async Task Forwarded_clients_get_separate_invite_rate_limit_buckets()
    {
        using var clientA = Forwarding(("X-Forwarded-For", "203.0.113.10"));
        using var clientB = Forwarding(("X-Forwarded-For", "203.0.113.20"));
        const string unknownInvite = "j/AAAAAAAAAAAAAAAAAAAAAA";

        await AssertOnlyTheFirstIsLimitedAsync(clientA, clientB, unknownInvite);
    }

    [Fact]
    public async Task An_address_the_client_wrote_before_the_proxys_entry_is_not_believed()
    {
        // The proxy appends the real client (198.51.100.7) to what the client sent; the client's own entry must not pick a bucket.
        using var spoofer = Forwarding(("X-Forwarded-For", "203.0.113.30, 198.51.100.7"));
        using var victim = Forwarding(("X-Forwarded-For", "203.0.113.30"));
        const string unknownInvite = "j/BBBBBBBBBBBBBBBBBBBBBB";

        await AssertOnlyTheFirstIsLimitedAsync(spoofer, victim, unknownInvite);
    }

    [Fact]
    public async Task Forwarded_clients_get_separate_sign_in_throttles_and_the_audit_records_the_forwarded_address()
    {
        using var guesser = Forwarding(("X-Forwarded-For", "203.0.113.40"));
        using var other = Forwarding(("X-Forwarded-For", "2001:db8:1:2::7"));

        Assert.Equal(HttpStatusCode.OK, (await guesser.SignInAsync("guess-1@example.test", "Wrong-Password-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await guesser.SignInAsync("guess-2@example.test", "Wrong-Password-1")).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.SignInAsync("guess-3@example.test", "Wrong-Password-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.SignInAsync("guess-4@example.test", "Wrong-Password-1")).StatusCode);
        Assert.Equal("203.0.113.40", await AuditedAddressAsync(Portal, "guess-1@example.test"));
        Assert.Equal("2001:db8:1:2::7", await AuditedAddressAsync(Portal, "guess-4@example.test"));
    }

    [Fact]
    public async Task Forwarded_https_makes_the_antiforgery_and_sign_in_cookies_secure()
    {
        using var browser = Forwarding(("X-Forwarded-For", "203.0.113.50"), ("X-Forwarded-Proto", "https"));

        var signedIn = await browser.SignInAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var auth = Assert.Single(browser.LastSetCookies, c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        Assert.Matches("(?i); secure", auth);
        using var page = Forwarding(("X-Forwarded-Proto", "https"));
        await page.GetAsync("Account/Login");
        Assert.Matches("(?i); secure", Assert.Single(page.LastSetCookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Invite_urls_use_PublicBaseUrl_and_join_redirects_use_the_forwarded_scheme_and_host()
    {
        var created = await TestInvites.CreateAsync(Portal, "proxied");
        Assert.StartsWith(ProxiedPortal.PublicBaseUrl + "/j/", created.Url);
        using var visitor = Forwarding(("X-Forwarded-For", "203.0.113.60"), ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "portal.example.test"));
        var path = new Uri(created.Url!).AbsolutePath.TrimStart('/');

        var joined = await visitor.PostFromPageAsync(path, path, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.SeeOther, joined.StatusCode);
        // The sandbox's join page is addressed from the request, which the proxy made over https to portal.example.test.
        Assert.StartsWith("https://portal.example.test/sandbox/join", joined.Headers.Location!.ToString());
    }

    /// <summary>The first client uses up its three opens and gets 429; the second, counted apart, still gets through (404: no such invite).</summary>
    internal static async Task AssertOnlyTheFirstIsLimitedAsync(ClientAt first, ClientAt second, string path)
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await first.GetAsync(path)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await first.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync(path)).StatusCode);
    }

    private ClientAt Forwarding(params (string Name, string Value)[] headers) =>
        new(Portal.BaseUrl, headers: headers.ToDictionary(h => h.Name, h => h.Value));

    internal static async Task<string> AuditedAddressAsync(PortalFactory portal, string actor)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().AuditEntries.SingleAsync(e => e.Actor == actor)).ClientIp;
    }
}

/// <summary>Issue 9: forwarded headers from any address but a configured proxy are ignored; spoofing neither bypasses nor poisons a limit.</summary>
public sealed class SpoofedForwardedHeaderTests(PortalBehindOtherProxy fixture) : IClassFixture<PortalBehindOtherProxy>
{
    private PortalFactory Portal => fixture.Portal;

    [Fact]
    public async Task Rotating_spoofed_addresses_still_hit_the_invite_limit()
    {
        var answers = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
        {
            using var client = new ClientAt(Portal.BaseUrl, "127.0.0.3", new Dictionary<string, string> { ["X-Forwarded-For"] = $"198.51.100.{i}" });
            answers.Add((await client.GetAsync("j/CCCCCCCCCCCCCCCCCCCCCC")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], answers);
    }

    [Fact]
    public async Task A_spoofed_address_does_not_use_up_that_clients_bucket()
    {
        // Two real clients: the attacker at 127.0.0.4 claims to be the victim at 127.0.0.5.
        using var attacker = new ClientAt(Portal.BaseUrl, "127.0.0.4", new Dictionary<string, string> { ["X-Forwarded-For"] = "127.0.0.5" });
        using var victim = new ClientAt(Portal.BaseUrl, "127.0.0.5");
        const string unknownInvite = "j/DDDDDDDDDDDDDDDDDDDDDD";

        await ReverseProxyTests.AssertOnlyTheFirstIsLimitedAsync(attacker, victim, unknownInvite);
    }

    [Fact]
    public async Task Spoofed_https_does_not_make_cookies_secure_and_the_audit_keeps_the_real_address()
    {
        using var spoofer = new ClientAt(Portal.BaseUrl, "127.0.0.6",
            new Dictionary<string, string> { ["X-Forwarded-For"] = "203.0.113.70", ["X-Forwarded-Proto"] = "https" });

        await spoofer.GetAsync("Account/Login");
        var antiforgery = Assert.Single(spoofer.LastSetCookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        var signedIn = await spoofer.SignInAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);
        await spoofer.SignInAsync("spoofer@example.test", "Wrong-Password-1");

        Assert.DoesNotMatch("(?i); secure", antiforgery);
        Assert.DoesNotMatch("(?i); secure", Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal)));
        Assert.Equal("127.0.0.6", await ReverseProxyTests.AuditedAddressAsync(Portal, "spoofer@example.test"));
    }
}

/// <summary>Issue 9: HSTS reaches browsers that came over https through the proxy, in Production.</summary>
public sealed class ReverseProxyHstsTests
{
    [Fact]
    public async Task Hsts_is_sent_for_forwarded_https_in_production_and_not_for_plain_http()
    {
        await using var portal = new PortalFactory
        {
            EnvironmentName = "Production",
            Settings = { ["ReverseProxy:KnownProxies:0"] = "127.0.0.1", ["Invites:PublicBaseUrl"] = "https://portal.example.test" },
        };
        await portal.CreateAdministratorAsync();
        // A real host name: the HSTS middleware never answers for localhost or 127.0.0.1.
        using var https = new ClientAt(portal.BaseUrl, headers: new Dictionary<string, string>
        {
            ["X-Forwarded-Proto"] = "https", ["X-Forwarded-Host"] = "portal.example.test",
        });
        using var http = new ClientAt(portal.BaseUrl, headers: new Dictionary<string, string> { ["X-Forwarded-Host"] = "portal.example.test" });

        var secure = await https.GetAsync("Account/Login");
        var plain = await http.GetAsync("Account/Login");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (secure.StatusCode, plain.StatusCode));
        Assert.StartsWith("max-age=", Assert.Single(secure.Headers.GetValues("Strict-Transport-Security")));
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }
}

/// <summary>Issue 9: the proxy settings are checked at start, and a proxy needs Invites:PublicBaseUrl.</summary>
public sealed class ReverseProxyStartTests : IDisposable
{
    private readonly List<PortalFactory> _portals = [];

    [Fact]
    public void A_configured_proxy_without_PublicBaseUrl_stops_the_start_naming_the_key()
    {
        var portal = Portal(("ReverseProxy:KnownNetworks:0", "10.0.0.0/8"));

        var ex = Assert.Throws<OptionsValidationException>(() => portal.BaseUrl);

        Assert.Contains("Invites:PublicBaseUrl is required when ReverseProxy:KnownProxies or ReverseProxy:KnownNetworks is set", ex.Message);
    }

    [Theory]
    [InlineData("ReverseProxy:KnownProxies:0", "10.0.0.0/8", "ReverseProxy:KnownProxies:0 (\"10.0.0.0/8\") is not an IP address such as 10.0.0.5 or ::1; put a network")]
    [InlineData("ReverseProxy:KnownProxies:0", "10.1", "ReverseProxy:KnownProxies:0 (\"10.1\") is not an IP address")]
    [InlineData("ReverseProxy:KnownProxies:0", "proxy.internal", "ReverseProxy:KnownProxies:0 (\"proxy.internal\") is not an IP address")]
    [InlineData("ReverseProxy:KnownNetworks:0", "10.0.0.1/8", "ReverseProxy:KnownNetworks:0 (\"10.0.0.1/8\") is not a network in CIDR form")]
    [InlineData("ReverseProxy:KnownNetworks:0", "10.0.0.0", "ReverseProxy:KnownNetworks:0 (\"10.0.0.0\") is not a network in CIDR form")]
    public void A_malformed_entry_stops_the_start_with_a_clear_message(string key, string value, string message)
    {
        var portal = Portal((key, value), ("Invites:PublicBaseUrl", "https://portal.example.test"));

        var ex = Assert.Throws<OptionsValidationException>(() => portal.BaseUrl);

        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public async Task Well_formed_proxies_and_networks_start_the_portal()
    {
        var portal = Portal(("ReverseProxy:KnownProxies:0", "10.0.0.5"), ("ReverseProxy:KnownProxies:1", "::1"),
            ("ReverseProxy:KnownNetworks:0", "192.168.0.0/16"), ("ReverseProxy:KnownNetworks:1", "fd00::/8"),
            ("Invites:PublicBaseUrl", "https://portal.example.test"));

        using var client = new ClientAt(portal.BaseUrl);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("favicon.png")).StatusCode);
    }

    private PortalFactory Portal(params (string Key, string Value)[] settings)
    {
        var portal = new PortalFactory();
        foreach (var (key, value) in settings)
        {
            portal.Settings[key] = value;
        }
        _portals.Add(portal);
        return portal;
    }

    public void Dispose()
    {
        foreach (var portal in _portals)
        {
            portal.Dispose();
        }
    }
}
