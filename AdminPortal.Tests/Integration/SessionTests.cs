using System.Net;
using AdminPortal.Components.Account;
using AdminPortal.Data;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Integration;

/// <summary>Issue 8 §3: sessions end on the server at sign-out, Administrator pages ask the database, and bad input never gets a 500.</summary>
public sealed class SessionTests(PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    private const string AuthCookie = ".AspNetCore.Identity.Application";

    private PortalFactory Portal => fixture.Portal;

    [Fact]
    public async Task A_cookie_replayed_after_sign_out_is_sent_to_sign_in()
    {
        using var http = new PortalHttp(Portal);
        var cookie = AuthCookieOf(await http.SignInAsync());
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync("", cookie)).StatusCode);

        var signOut = await http.PostFromPageAsync("", "Account/Logout", new Dictionary<string, string> { ["ReturnUrl"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        var replayed = await GetWithCookieAsync("", cookie);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.StartsWith($"{Portal.BaseUrl}/Account/Login", replayed.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await GetWithCookieAsync("audit/export.csv", cookie)).StatusCode);
    }

    [Fact]
    public async Task Sign_out_without_antiforgery_is_a_400_and_ends_nothing()
    {
        using var http = new PortalHttp(Portal);
        var cookie = AuthCookieOf(await http.SignInAsync());

        using var request = new HttpRequestMessage(HttpMethod.Post, Portal.BaseUrl + "/Account/Logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["ReturnUrl"] = "" }),
        };
        request.Headers.Add("Cookie", $"{AuthCookie}={cookie}");
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        var forged = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("reload the page and sign out again", await forged.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync("", cookie)).StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task A_return_url_off_the_site_leads_to_the_generator_signed_in(string returnUrl)
    {
        using var http = new PortalHttp(Portal);

        var signedIn = await http.SubmitFormAsync("Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl), "login",
            new Dictionary<string, string> { ["Input.Email"] = PortalFactory.AdminEmail, ["Input.Password"] = PortalFactory.AdminPassword });

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(Portal.BaseUrl + "/", signedIn.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("")).StatusCode);

        var signOut = await http.PostFromPageAsync("", "Account/Logout", new Dictionary<string, string> { ["ReturnUrl"] = returnUrl });
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/", signOut.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_return_url_on_the_site_is_kept()
    {
        using var http = new PortalHttp(Portal);

        var signedIn = await http.SubmitFormAsync("Account/Login?ReturnUrl=" + Uri.EscapeDataString(Portal.BaseUrl + "/invites?x=1"), "login",
            new Dictionary<string, string> { ["Input.Email"] = PortalFactory.AdminEmail, ["Input.Password"] = PortalFactory.AdminPassword });

        Assert.Equal(Portal.BaseUrl + "/invites?x=1", signedIn.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_session_survives_the_periodic_security_stamp_refresh()
    {
        using var http = new PortalHttp(Portal);
        await http.SignInAsync();

        Portal.Clock.Advance(TimeSpan.FromMinutes(2)); // past the stamp validation interval: the cookie is re-issued
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("")).StatusCode);
    }

    [Fact]
    public async Task A_demoted_administrator_loses_the_export_and_the_administrator_pages_at_once()
    {
        await Portal.CreateStaffAsync("second-admin@example.test", StaffRoles.Administrator);
        using var http = new PortalHttp(Portal);
        await http.SignInAsync("second-admin@example.test");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("audit/export.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("staff")).StatusCode);

        var second = await Portal.ActorAsync("second-admin@example.test");
        var staff = Portal.Services.GetRequiredService<StaffService>();
        Assert.True((await staff.ChangeRoleAsync(await Portal.ActorAsync(), second.UserId, StaffRoles.Moderator)).Succeeded);

        foreach (var path in new[] { "audit/export.csv", "staff", "audit", "presets" })
        {
            var refused = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.StartsWith($"{Portal.BaseUrl}/Account/AccessDenied", refused.Headers.Location!.ToString());
        }
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("")).StatusCode); // still signed in, as a Moderator
    }

    [Fact]
    public async Task Every_sign_in_starts_its_own_session_and_sign_out_ends_only_that_one()
    {
        using var first = new PortalHttp(Portal);
        using var second = new PortalHttp(Portal);
        var firstCookie = AuthCookieOf(await first.SignInAsync());
        var secondCookie = AuthCookieOf(await second.SignInAsync());

        await first.PostFromPageAsync("", "Account/Logout", new Dictionary<string, string> { ["ReturnUrl"] = "" });

        Assert.Equal(HttpStatusCode.Redirect, (await GetWithCookieAsync("", firstCookie)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync("", secondCookie)).StatusCode);
    }

    [Fact]
    public async Task The_circuit_revalidation_refuses_an_ended_session()
    {
        using var http = new PortalHttp(Portal);
        await http.SignInAsync();
        await using var scope = Portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var session = await db.StaffSessions.FirstAsync(s => s.EndedAt == null);
        var user = await db.Users.SingleAsync(u => u.Id == session.UserId);
        var principal = await scope.ServiceProvider.GetRequiredService<PortalSignInManager>().CreateUserPrincipalAsync(user);
        ((System.Security.Claims.ClaimsIdentity)principal.Identity!).AddClaim(new(StaffSessions.ClaimType, session.Id));
        var provider = (IdentityRevalidatingAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();

        Assert.True(await ValidateAsync(provider, principal));
        await Portal.Services.GetRequiredService<StaffSessions>().EndAsync(principal);
        Assert.False(await ValidateAsync(provider, principal));
    }

    private static Task<bool> ValidateAsync(IdentityRevalidatingAuthenticationStateProvider provider, System.Security.Claims.ClaimsPrincipal principal) =>
        (Task<bool>)typeof(IdentityRevalidatingAuthenticationStateProvider)
            .GetMethod("ValidateAuthenticationStateAsync", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .Invoke(provider, [new AuthenticationState(principal), CancellationToken.None])!;

    private static string AuthCookieOf(HttpResponseMessage signIn)
    {
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var header = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AuthCookie + "=", StringComparison.Ordinal));
        return header[(AuthCookie.Length + 1)..header.IndexOf(';')];
    }

    private async Task<HttpResponseMessage> GetWithCookieAsync(string path, string cookie)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Portal.BaseUrl}/{path}");
        request.Headers.Add("Cookie", $"{AuthCookie}={cookie}");
        return await client.SendAsync(request);
    }
}
