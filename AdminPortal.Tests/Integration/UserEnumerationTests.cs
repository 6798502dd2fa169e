using System.Net;
using System.Text.RegularExpressions;
using AdminPortal.Data;
using AdminPortal.Staff;
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
    private const string Disabled = "disabled@example.test";

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

    [Fact]
    public async Task A_disabled_account_costs_one_password_hash_check_like_a_known_and_an_unknown_one()
    {
        await CreateDisabledAsync();
        await using var scope = _portal.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<PortalSignInManager>();

        var counts = new Dictionary<string, int>();
        foreach (var (name, email, password) in new[]
        {
            ("known", PortalFactory.AdminEmail, "Wrong-Password-1"),
            ("unknown", Unknown, "Wrong-Password-1"),
            ("disabled", Disabled, "Wrong-Password-1"),
            ("disabled, right password", Disabled, PortalFactory.AdminPassword),
        })
        {
            var before = _portal.Hasher.Verifications;
            var result = await signIn.PasswordSignInAsync(email, password, isPersistent: false, lockoutOnFailure: true);
            counts[name] = _portal.Hasher.Verifications - before;
            Assert.False(result.Succeeded);
        }

        Assert.All(counts, count => Assert.Equal(1, count.Value));

        // Over HTTP too: the page adds no second check, wrong or right password.
        using var http = new PortalHttp(_portal);
        foreach (var password in new[] { "Wrong-Password-1", PortalFactory.AdminPassword })
        {
            var before = _portal.Hasher.Verifications;
            await http.SignInAsync(Disabled, password);
            Assert.Equal(1, _portal.Hasher.Verifications - before);
        }
    }

    [Fact]
    public async Task A_disabled_account_answers_wrong_passwords_and_locks_exactly_like_an_unknown_e_mail()
    {
        await CreateDisabledAsync();
        using var disabled = new PortalHttp(_portal);
        using var unknown = new PortalHttp(_portal);

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var a = await disabled.SignInAsync(Disabled, "Wrong-Password-1");
            var b = await unknown.SignInAsync(Unknown, "Wrong-Password-1");

            Assert.Equal(b.StatusCode, a.StatusCode);
            Assert.Equal(b.Headers.Location, a.Headers.Location);
            Assert.Equal(Shape(await b.Content.ReadAsStringAsync(), Unknown), Shape(await a.Content.ReadAsStringAsync(), Disabled));
        }
        _portal.Clock.Advance(TimeSpan.FromMinutes(1)); // past the per-address throttle window, well inside the lockout
        var locked = await disabled.SignInAsync(Disabled, PortalFactory.AdminPassword);
        Assert.EndsWith("/Account/Lockout", locked.Headers.Location!.ToString()); // even the right password learns nothing while locked

        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            // Unlocked, as an Administrator would (Identity's own lockout clock is not the portal's TimeProvider).
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True((await users.SetLockoutEndDateAsync((await users.FindByEmailAsync(Disabled))!, null)).Succeeded);
        }
        var right = await disabled.SignInAsync(Disabled, PortalFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("this account is disabled", await right.Content.ReadAsStringAsync());
    }

    private async Task CreateDisabledAsync()
    {
        await _portal.CreateStaffAsync(Disabled, StaffRoles.Moderator);
        await using var scope = _portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(Disabled);
        user!.IsDisabled = true;
        Assert.True((await users.UpdateAsync(user)).Succeeded);
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
