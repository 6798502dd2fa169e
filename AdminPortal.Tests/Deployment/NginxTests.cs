using System.Net;
using System.Text.RegularExpressions;
using AdminPortal.Tests.Hosting;
using AdminPortal.Tests.TestHelpers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdminPortal.Tests.Deployment;

/// <summary>
/// One portal in Production behind the repository's nginx site (deploy/nginx/adminportal.conf) on loopback. Clients send the
/// public host name, as browsers would: HSTS is never sent for localhost or a bare address.
/// </summary>
public sealed class PortalBehindNginx : IAsyncLifetime
{
    public const string PublicHost = "portal.example.test";

    private readonly int _httpPort = NginxSite.FreePort();
    private readonly int _httpsPort = NginxSite.FreePort();
    private NginxSite? _nginx;

    public PortalBehindNginx()
    {
        Portal = new ProductionPortal
        {
            EnvironmentName = "Production",
            Settings = { ["ReverseProxy:KnownProxies:0"] = "127.0.0.1", ["Invites:PublicBaseUrl"] = $"https://{PublicHost}:{_httpsPort}" },
        };
    }

    public PortalFactory Portal { get; }

    internal NginxSite Nginx => _nginx ?? throw new InvalidOperationException("nginx has not been started.");

    public string HttpsUrl => $"https://127.0.0.1:{_httpsPort}";

    public string HttpUrl => $"http://127.0.0.1:{_httpPort}";

    public async Task InitializeAsync()
    {
        await Portal.CreateAdministratorAsync();
        _nginx = await NginxSite.StartAsync(_httpPort, _httpsPort, new Uri(Portal.BaseUrl).Authority);
    }

    /// <summary>A client of nginx's https side, connecting from <paramref name="localAddress"/> and naming the public host.</summary>
    internal ClientAt Visitor(string localAddress = "127.0.0.1") =>
        new(HttpsUrl, localAddress, new Dictionary<string, string> { ["Host"] = PublicHost }, Nginx.Certificate);

    public async Task DisposeAsync()
    {
        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }
        await Portal.DisposeAsync();
    }
}

/// <summary>
/// A Production portal run from the build output: outside Development the host does not serve the static web assets manifest
/// (MudBlazor's and the framework's files), which <c>dotnet publish</c> copies into wwwroot; here they are switched on instead.
/// </summary>
internal sealed class ProductionPortal : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseStaticWebAssets();
    }
}

/// <summary>Issue 9, deployment recipe: the shipped nginx site in front of one portal gives visitors https, the real client address and a live circuit.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class NginxTests(BrowserFixture browser, PortalBehindNginx fixture) : IClassFixture<PortalBehindNginx>
{
    private PortalFactory Portal => fixture.Portal;

    [Fact]
    public async Task Plain_http_is_redirected_to_https_keeping_the_path()
    {
        using var visitor = new ClientAt(fixture.HttpUrl, headers: new Dictionary<string, string> { ["Host"] = PortalBehindNginx.PublicHost });

        var response = await visitor.GetAsync("Account/Login?ReturnUrl=%2Faudit");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal($"https://{PortalBehindNginx.PublicHost}/Account/Login?ReturnUrl=%2Faudit", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Signing_in_over_https_through_nginx_gives_a_secure_cookie_and_hsts()
    {
        using var visitor = fixture.Visitor();

        var page = await visitor.GetAsync("Account/Login");
        var signedIn = await visitor.SignInAsync(PortalFactory.AdminEmail, PortalFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.StartsWith("max-age=", Assert.Single(page.Headers.GetValues("Strict-Transport-Security")));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var auth = Assert.Single(visitor.LastSetCookies, c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        Assert.Matches("(?i); secure", auth);
    }

    [Fact]
    public async Task A_failed_sign_in_is_audited_with_the_address_nginx_saw()
    {
        // nginx itself connects to the portal from 127.0.0.1; the visitor comes from 127.0.0.7.
        using var visitor = fixture.Visitor("127.0.0.7");

        var refused = await visitor.SignInAsync("nginx-guess@example.test", "Wrong-Password-1");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("127.0.0.7", await ReverseProxyTests.AuditedAddressAsync(Portal, "nginx-guess@example.test"));
    }

    [Fact]
    public async Task An_invite_opened_through_nginx_is_never_cached_and_joins_over_https()
    {
        var created = await TestInvites.CreateAsync(Portal, "nginx-room");
        Assert.StartsWith($"https://{PortalBehindNginx.PublicHost}:{fixture.Nginx.HttpsPort}/j/", created.Url);
        var path = new Uri(created.Url!).AbsolutePath.TrimStart('/');
        using var visitor = fixture.Visitor("127.0.0.8");

        var landing = await visitor.GetAsync(path);
        var joined = await visitor.PostFromPageAsync(path, path, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.True(landing.Headers.CacheControl?.NoStore, $"Cache-Control: {landing.Headers.CacheControl}");
        Assert.Equal(HttpStatusCode.SeeOther, joined.StatusCode);
        Assert.StartsWith($"https://{PortalBehindNginx.PublicHost}:{fixture.Nginx.HttpsPort}/sandbox/join", joined.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Readiness_answers_through_nginx()
    {
        using var balancer = fixture.Visitor();

        var response = await balancer.GetAsync("health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"database\":\"Healthy\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_blazor_circuit_connects_through_nginx_over_a_websocket()
    {
        await using var context = await browser.NewContextAsync(fixture.HttpsUrl, BrowserFixture.DesktopWidth, ignoreHttpsErrors: true);
        var page = await context.NewPageAsync();
        var sockets = new List<IWebSocket>();
        page.WebSocket += (_, socket) => sockets.Add(socket);

        var generator = await GeneratorPage.SignInAsync(page);
        await generator.DisplayName.FillAsync("Nginx Visitor");
        await page.Locator("#make-user-id").ClickAsync();

        await Expect(generator.UserId).ToHaveValueAsync(new Regex("^nginx-visitor-[0-9a-f]{8}$"));
        // Blazor falls back to long polling when the upgrade fails; the circuit must be on an open WebSocket through nginx.
        var circuit = Assert.Single(sockets, s => s.Url.Contains("/_blazor", StringComparison.Ordinal));
        Assert.StartsWith($"wss://127.0.0.1:{fixture.Nginx.HttpsPort}/_blazor", circuit.Url);
        Assert.False(circuit.IsClosed);
    }
}
