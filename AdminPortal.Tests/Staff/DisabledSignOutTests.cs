using System.Net;
using System.Security.Claims;
using AdminPortal.Components.Account;
using AdminPortal.Data;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Staff;

/// <summary>Issue 10, defect 6: staff who are disabled while signed in are signed out within seconds and told why, and only they.</summary>
public sealed class DisabledSignOutTests(PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    private PortalFactory Portal => fixture.Portal;

    private async Task<string> DisableAsync(string email, bool disabled = true)
    {
        var admin = await Portal.ActorAsync();
        await using var scope = Portal.Services.CreateAsyncScope();
        var staff = scope.ServiceProvider.GetRequiredService<StaffService>();
        var id = (await staff.ListAsync(admin)).Single(m => m.Email == email).Id;
        var result = await staff.SetDisabledAsync(admin, id, disabled);
        Assert.True(result.Succeeded, result.Error);
        return id;
    }

    [Fact]
    public async Task A_disabled_account_s_next_request_leads_to_the_sign_in_page_which_says_why_to_that_browser_only()
    {
        const string email = "gone-http@example.test";
        await Portal.CreateStaffAsync(email, StaffRoles.Moderator);
        using var browser = new PortalHttp(Portal);
        using var otherDevice = new PortalHttp(Portal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(email, PortalFactory.AdminPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await otherDevice.SignInAsync(email, PortalFactory.AdminPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("invites")).StatusCode);

        await DisableAsync(email);

        var refused = await browser.GetAsync("invites");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/Account/Login", refused.Headers.Location!.AbsolutePath);
        var signIn = await (await browser.GetAsync(refused.Headers.Location.ToString())).Content.ReadAsStringAsync();
        Assert.Contains(DisabledSignOut.Message, signIn);
        // Said once: the refused cookie is gone with it, and a stranger's sign-in page never says it.
        Assert.DoesNotContain(DisabledSignOut.Message, await (await browser.GetAsync("Account/Login")).Content.ReadAsStringAsync());
        using var stranger = new PortalHttp(Portal);
        Assert.DoesNotContain(DisabledSignOut.Message, await (await stranger.GetAsync("Account/Login")).Content.ReadAsStringAsync());

        // Re-enabled, the other device's old cookie still does not sign in (its session ended), and nothing claims it is disabled.
        await DisableAsync(email, disabled: false);
        var stale = await otherDevice.GetAsync("invites");
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.DoesNotContain(DisabledSignOut.Message, await (await otherDevice.GetAsync(stale.Headers.Location!.ToString())).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_open_page_s_circuit_is_signed_out_within_seconds_of_the_account_being_disabled()
    {
        const string email = "gone-circuit@example.test";
        await Portal.CreateStaffAsync(email, StaffRoles.Helpdesk);
        await using var circuit = Portal.Services.CreateAsyncScope(); // one circuit's services
        var provider = circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        Assert.IsType<IdentityRevalidatingAuthenticationStateProvider>(provider);
        var signedOut = new TaskCompletionSource<ClaimsPrincipal>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state =>
        {
            if ((await state).User is { Identity.IsAuthenticated: false } user)
            {
                signedOut.TrySetResult(user);
            }
        };
        ((IHostEnvironmentAuthenticationStateProvider)provider).SetAuthenticationState(Task.FromResult(new AuthenticationState(await SignedInAsync(email))));

        await DisableAsync(email);

        // The former interval was a minute; half of that is the budget for "within seconds" on a loaded machine.
        await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False((await provider.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);
    }

    /// <summary>The principal a sign-in puts in the cookie (with its server-side session), as a circuit starts with it.</summary>
    private async Task<ClaimsPrincipal> SignedInAsync(string email)
    {
        await using var scope = Portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user);
        var session = await Portal.Services.GetRequiredService<StaffSessions>().StartAsync(user.Id);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(StaffSessions.ClaimType, session));
        return principal;
    }
}
