using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using AdminPortal.Tests.TestHelpers;
using Microsoft.AspNetCore.Hosting;

namespace AdminPortal.Tests.Integration;

/// <summary>Issue 8 §3: the sign-in and antiforgery cookies are HttpOnly and SameSite, and Secure whenever the request came over https.</summary>
public sealed partial class CookieTests
{
    [Fact]
    public async Task Over_https_the_sign_in_and_antiforgery_cookies_are_secure_http_only_and_same_site()
    {
        using var certificate = SelfSignedCertificate();
        await using var portal = new HttpsPortal(certificate);
        await portal.CreateAdministratorAsync();
        Assert.StartsWith("https://", portal.BaseUrl);

        var (antiforgery, auth) = await SignInAsync(portal, certificate);

        Assert.Matches("(?i); secure", antiforgery);
        Assert.Matches("(?i); secure", auth);
        AssertHttpOnlyAndSameSite(antiforgery);
        AssertHttpOnlyAndSameSite(auth);
    }

    [Fact]
    public async Task Over_http_they_are_not_secure_but_still_http_only_and_same_site()
    {
        await using var portal = new PortalFactory();
        await portal.CreateAdministratorAsync();

        var (antiforgery, auth) = await SignInAsync(portal, null);

        Assert.DoesNotMatch("(?i); secure", antiforgery);
        Assert.DoesNotMatch("(?i); secure", auth);
        AssertHttpOnlyAndSameSite(antiforgery);
        AssertHttpOnlyAndSameSite(auth);
    }

    private static void AssertHttpOnlyAndSameSite(string setCookie)
    {
        Assert.Matches("(?i); httponly", setCookie);
        Assert.Matches("(?i); samesite=(lax|strict)", setCookie);
    }

    /// <summary>Loads the sign-in page and signs in by hand, returning the Set-Cookie lines of the antiforgery and the sign-in cookie.</summary>
    private static async Task<(string Antiforgery, string Auth)> SignInAsync(PortalFactory portal, X509Certificate2? trusted)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        if (trusted is not null)
        {
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == trusted.Thumbprint;
        }
        using var http = new HttpClient(handler) { BaseAddress = new Uri(portal.BaseUrl + "/") };

        var page = await http.GetAsync("Account/Login");
        var antiforgery = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value);
        using var post = new HttpRequestMessage(HttpMethod.Post, "Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = token,
                ["Input.Email"] = PortalFactory.AdminEmail, ["Input.Password"] = PortalFactory.AdminPassword,
            }),
        };
        post.Headers.Add("Cookie", antiforgery[..antiforgery.IndexOf(';')]);
        var signedIn = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var auth = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        return (antiforgery, auth);
    }

    /// <summary>A certificate for 127.0.0.1 made in memory, so the test needs no files and no trust store.</summary>
    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel needs the private key in a form it can load on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>The portal on Kestrel with https only.</summary>
    private sealed class HttpsPortal(X509Certificate2 certificate) : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.UseHttps(certificate)));
        }
    }
}
