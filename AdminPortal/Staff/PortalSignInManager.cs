using System.Security.Claims;
using AdminPortal.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AdminPortal.Staff;

/// <summary>
/// Identity's sign-in manager, except that a disabled account may not sign in (its cookies stop validating too), every sign-in
/// starts a server-side session that signing out ends, and an unknown e-mail is answered exactly as a real account would be.
/// </summary>
public sealed class PortalSignInManager(
    UserManager<ApplicationUser> userManager, IHttpContextAccessor contextAccessor, IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<ApplicationUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation, StaffSessions sessions, UnknownAccountLockout unknownAccounts)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    /// <summary>Longest e-mail the sign-in form accepts (and so the longest one an audit entry can hold).</summary>
    public const int MaxEmailLength = 256;

    /// <summary>Longest password anyone can set or type; longer input is refused before it is hashed.</summary>
    public const int MaxPasswordLength = 128;

    public override async Task<bool> CanSignInAsync(ApplicationUser user) => !user.IsDisabled && await base.CanSignInAsync(user);

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        if (await UserManager.FindByNameAsync(userName) is { } user)
        {
            return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        }
        if (unknownAccounts.IsLockedOut(userName))
        {
            return SignInResult.LockedOut;
        }
        return unknownAccounts.FailPassword(UserManager.PasswordHasher, userName, password) ? SignInResult.LockedOut : SignInResult.Failed;
    }

    /// <summary>
    /// Checks a disabled account's password like any other (one hash, failures count towards lockout) and answers NotAllowed only
    /// when the password is right, so timing and answers tell a stranger nothing about whether the account is disabled.
    /// </summary>
    public override async Task<SignInResult> CheckPasswordSignInAsync(ApplicationUser user, string password, bool lockoutOnFailure)
    {
        if (!user.IsDisabled)
        {
            return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        }
        if (await UserManager.IsLockedOutAsync(user))
        {
            return SignInResult.LockedOut;
        }
        if (await UserManager.CheckPasswordAsync(user, password))
        {
            return SignInResult.NotAllowed;
        }
        if (lockoutOnFailure)
        {
            await UserManager.AccessFailedAsync(user);
            if (await UserManager.IsLockedOutAsync(user))
            {
                return SignInResult.LockedOut;
            }
        }
        return SignInResult.Failed;
    }

    /// <summary>True when the account behind this e-mail (or the unknown e-mail itself) is locked out right now.</summary>
    public async Task<bool> IsLockedOutAsync(string userName) => await UserManager.FindByNameAsync(userName) is { } user
        ? await UserManager.IsLockedOutAsync(user)
        : unknownAccounts.IsLockedOut(userName);

    public override async Task SignInWithClaimsAsync(ApplicationUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var claims = additionalClaims.ToList();
        if (!claims.Exists(c => c.Type == StaffSessions.ClaimType))
        {
            claims.Add(new Claim(StaffSessions.ClaimType, await sessions.StartAsync(user.Id)));
        }
        await base.SignInWithClaimsAsync(user, authenticationProperties, claims);
    }

    /// <summary>Re-issues the cookie (after a password change) within the same session.</summary>
    public override async Task RefreshSignInAsync(ApplicationUser user)
    {
        var auth = await Context.AuthenticateAsync(AuthenticationScheme);
        if (auth.Principal is not { } current || UserManager.GetUserId(current) != await UserManager.GetUserIdAsync(user))
        {
            return;
        }
        var kept = current.Claims.Where(c => c.Type is StaffSessions.ClaimType or ClaimTypes.AuthenticationMethod or "amr");
        await SignInWithClaimsAsync(user, auth.Properties, kept);
    }

    public override async Task SignOutAsync()
    {
        await sessions.EndAsync(Context.User);
        await base.SignOutAsync();
    }
}
