using System.Net;
using AdminPortal.Hosting;
using AdminPortal.Tests.TestHelpers;

namespace AdminPortal.Tests.Hosting;

/// <summary>Every kind of response carries the security headers, and none names the server.</summary>
public sealed class SecurityHeaderTests(PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    private PortalFactory Portal => fixture.Portal;

    [Theory]
    [InlineData("Account/Login", HttpStatusCode.OK)] // a static page
    [InlineData("", HttpStatusCode.Redirect)] // a staff page, signed out
    [InlineData("favicon.png", HttpStatusCode.OK)] // a static file
    [InlineData("app.css", HttpStatusCode.OK)]
    [InlineData("no-such-page", HttpStatusCode.NotFound)]
    [InlineData("j/AAAAAAAAAAAAAAAAAAAAAA", HttpStatusCode.NotFound)] // an unknown invite
    [InlineData("sandbox/join?access_token=not-a-token", HttpStatusCode.OK)]
    public async Task Anonymous_responses_carry_the_headers(string path, HttpStatusCode status)
    {
        using var http = new PortalHttp(Portal);

        var response = await http.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        AssertHardened(response);
    }

    [Fact]
    public async Task Staff_pages_and_the_csv_export_carry_the_headers_and_the_export_is_never_stored()
    {
        using var http = new PortalHttp(Portal);
        await http.SignInAsync();

        var page = await http.GetAsync("audit");
        var csv = await http.GetAsync("audit/export.csv");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (page.StatusCode, csv.StatusCode));
        AssertHardened(page);
        Assert.Equal("same-origin", Header(page, "Referrer-Policy"));
        AssertHardened(csv);
        Assert.True(csv.Headers.CacheControl?.NoStore, "the CSV export must be Cache-Control: no-store");
    }

    [Fact]
    public async Task An_invite_keeps_its_stricter_referrer_policy()
    {
        var created = await TestInvites.CreateAsync(Portal, "headers");
        using var http = new PortalHttp(Portal);

        var response = await http.GetAsync(new Uri(created.Url!).PathAndQuery.TrimStart('/'));

        AssertHardened(response);
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task An_error_page_carries_the_headers()
    {
        using var http = new PortalHttp(Portal);

        var response = await http.GetAsync("Error");

        AssertHardened(response);
    }

    private static void AssertHardened(HttpResponseMessage response)
    {
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.NotNull(Header(response, "Referrer-Policy"));
        Assert.False(response.Headers.Contains("Server"), $"Server header: {string.Join(",", response.Headers.Server)}");
        var csp = Header(response, "Content-Security-Policy")!;
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("default-src 'self'", csp);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null;
}
