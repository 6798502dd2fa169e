using System.Net;
using System.Text.RegularExpressions;
using AdminPortal.Data;
using AdminPortal.Tests.TestHelpers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Integration;

/// <summary>Issue 8 §3: a visitor cannot tell from sign-in answers whether an e-mail has an account.</summary>
public sealed partial class UserEnumerationTests : IAsyncLifetime
{
    private const string Unknown = "nobody@example.test";

    private readonly CountingPortal _portal = new();

    public Task InitializeAsync() => _portal.CreateAdministratorAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task Unknown_and_known_e_mails_get_the_same_answers_after_one_and_after_five_failures()
    {
        using var known = new PortalHttp(_portal);
        using var unknown = new PortalHttp(_portal);

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var a = await known.SignInAsync(PortalFactory.AdminEmail, "Wrong-Password-1");
            var b = await unknown.SignInAsync(Unknown, "Wrong-Password-1");

            Assert.Equal(a.StatusCode, b.StatusCode);
            Assert.Equal(a.Headers.Location, b.Headers.Location);
            Assert.Equal(Shape(await a.Content.ReadAsStringAsync(), PortalFactory.AdminEmail), Shape(await b.Content.ReadAsStringAsync(), Unknown));
            if (attempt == 1)
            {
                Assert.Equal(HttpStatusCode.OK, b.StatusCode);
            }
            else if (attempt == 5)
            {
                // The fifth wrong password "locks" both.
                Assert.Equal(HttpStatusCode.Redirect, b.StatusCode);
                Assert.EndsWith("/Account/Lockout", b.Headers.Location!.ToString());
            }
        }
    }

    [Fact]
    public async Task An_unknown_e_mail_costs_one_password_hash_check_like_a_known_one_and_none_once_locked()
    {
        using var http = new PortalHttp(_portal);

        var before = _portal.Hasher.Verifications;
        await http.SignInAsync(PortalFactory.AdminEmail, "Wrong-Password-1");
        var known = _portal.Hasher.Verifications - before;
        before = _portal.Hasher.Verifications;
        await http.SignInAsync(Unknown, "Wrong-Password-1");
        var unknown = _portal.Hasher.Verifications - before;

        Assert.Equal(1, known);
        Assert.Equal(known, unknown);

        for (var i = 0; i < 4; i++)
        {
            await http.SignInAsync(Unknown, "Wrong-Password-1");
        }
        before = _portal.Hasher.Verifications;
        var locked = await http.SignInAsync(Unknown, "Wrong-Password-1");
        Assert.EndsWith("/Account/Lockout", locked.Headers.Location!.ToString());
        Assert.Equal(before, _portal.Hasher.Verifications); // a locked account checks no password either
    }

    [Fact]
    public async Task An_unknown_e_mail_is_locked_for_as_long_as_a_known_one()
    {
        using var http = new PortalHttp(_portal);
        for (var i = 0; i < 5; i++)
        {
            await http.SignInAsync(Unknown, "Wrong-Password-1");
        }

        _portal.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.EndsWith("/Account/Lockout", (await http.SignInAsync(Unknown, "Wrong-Password-1")).Headers.Location!.ToString());
        _portal.Clock.Advance(TimeSpan.FromMinutes(1.5));
        var after = await http.SignInAsync(Unknown, "Wrong-Password-1");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains("wrong email or password", await after.Content.ReadAsStringAsync());
    }

    /// <summary>The page without what legitimately differs: the typed e-mail echoed back and the data-protected antiforgery token and component state.</summary>
    private static string Shape(string body, string email) => Token().Replace(body.Replace(email, "EMAIL"), "TOKEN");

    [GeneratedRegex("CfDJ8[A-Za-z0-9+/=_-]+")]
    private static partial Regex Token();

    /// <summary>The portal with a password hasher that counts how often a password is checked.</summary>
    private sealed class CountingPortal : PortalFactory
    {
        public CountingHasher Hasher { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IPasswordHasher<ApplicationUser>>(Hasher));
        }
    }

    private sealed class CountingHasher : IPasswordHasher<ApplicationUser>
    {
        private readonly PasswordHasher<ApplicationUser> _inner = new();
        private int _verifications;

        public int Verifications => _verifications;

        public string HashPassword(ApplicationUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
