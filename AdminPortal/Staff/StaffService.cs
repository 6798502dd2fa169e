using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using AdminPortal.Audit;
using AdminPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Staff;

public sealed record StaffMember(string Id, string Email, string DisplayName, string Role, bool IsDisabled, DateTimeOffset? LockedUntil);

/// <summary>The result of a staff-account action: an error to show, or success (with a one-time password when one was generated).</summary>
public sealed record StaffResult(string? Error, string? GeneratedPassword = null)
{
    public bool Succeeded => Error is null;

    /// <summary>True when <see cref="Error"/> is about the e-mail address, so a form shows it next to that field.</summary>
    public bool AboutEmail { get; init; }
    public static readonly StaffResult Ok = new((string?)null);
}

/// <summary>
/// Staff accounts, for Administrators only (checked here, not just by hiding buttons). Every change is audited.
/// The last active Administrator can be neither disabled nor demoted. Each call works in a fresh scope, so a page that
/// stays open for hours never acts on stale accounts.
/// </summary>
public sealed class StaffService(IServiceScopeFactory scopes, AuditLog audit, TimeProvider time, SignInThrottle throttle)
{
    public const string AdministratorOnly = "Only Administrators can manage staff accounts.";

    public async Task<IReadOnlyList<StaffMember>> ListAsync(StaffActor actor, CancellationToken cancellationToken = default)
    {
        Require(actor);
        await using var scope = scopes.CreateAsyncScope();
        var (users, db) = Services(scope);
        var roles = await (from link in db.UserRoles join role in db.Roles on link.RoleId equals role.Id select new { link.UserId, role.Name })
            .ToDictionaryAsync(r => r.UserId, r => r.Name ?? "", cancellationToken);
        var now = time.GetUtcNow();
        return (await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken))
            .Select(u => new StaffMember(u.Id, u.Email ?? "", u.DisplayName, roles.GetValueOrDefault(u.Id, ""), u.IsDisabled,
                u.LockoutEnd > now ? u.LockoutEnd : null))
            .ToList();
    }

    public const int MaxEmailLength = 256;
    public const int MaxDisplayNameLength = 100;

    /// <summary>The message for a text longer than <paramref name="max"/> characters (it is refused, never cut), or null when it fits.</summary>
    public static string? TooLong(string label, string? value, int max) =>
        value?.Trim().Length > max ? $"{label} is too long: at most {max} characters (now {value.Trim().Length})." : null;

    /// <summary>What sign-in says about an address it cannot accept; an account created with one could never sign in.</summary>
    public const string InvalidEmailMessage = "Enter a valid email address.";

    public const string DuplicateEmailMessage = "A staff member with this e-mail already exists.";

    /// <summary>The sign-in form's rule for e-mail addresses (<see cref="EmailAddressAttribute"/>): its message, or null when it passes.</summary>
    public static string? InvalidEmail(string? value) =>
        string.IsNullOrWhiteSpace(value) || !new EmailAddressAttribute().IsValid(value.Trim()) ? InvalidEmailMessage : null;

    public async Task<StaffResult> CreateAsync(StaffActor actor, string email, string displayName, string role, string? password)
    {
        Require(actor);
        if ((TooLong("The e-mail address", email, MaxEmailLength) ?? InvalidEmail(email)) is { } badEmail)
        {
            return new(badEmail) { AboutEmail = true };
        }
        if (TooLong("The display name", displayName, MaxDisplayNameLength) is { } tooLong)
        {
            return new(tooLong);
        }
        await using var scope = scopes.CreateAsyncScope();
        var (users, db) = Services(scope);
        email = email.Trim();
        if (!StaffRoles.All.Contains(role))
        {
            return new("Choose a role.");
        }
        if (string.IsNullOrWhiteSpace(displayName))
        {
            return new("Enter a display name.");
        }
        if (password is { Length: > PortalSignInManager.MaxPasswordLength } || email.Length > PortalSignInManager.MaxEmailLength)
        {
            return new("The e-mail can have at most 256 characters and the password at most 128.");
        }
        var generated = string.IsNullOrEmpty(password) ? NewPassword() : null;
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName.Trim() };
        var created = await users.CreateAsync(user, password is { Length: > 0 } ? password : generated!);
        if (!created.Succeeded)
        {
            // Identity speaks of user names; here the e-mail is the name.
            return created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.DuplicateEmail))
                ? new(DuplicateEmailMessage) { AboutEmail = true }
                : new(Describe(created));
        }
        await users.AddToRoleAsync(user, role);
        await AuditAsync(actor, $"created {email} ({displayName.Trim()}) as {role}" + (generated is null ? ", password typed" : ", password generated"));
        return new(null, generated);
    }

    public Task<StaffResult> ChangeRoleAsync(StaffActor actor, string userId, string role) => OneAtATimeAsync(actor, async (users, db) =>
    {
        if (!StaffRoles.All.Contains(role))
        {
            return (new("Choose a role."), null);
        }
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return (new("That account no longer exists."), null);
        }
        var current = await StaffDirectory.RoleOfAsync(db, userId);
        if (current == role)
        {
            return (StaffResult.Ok, null);
        }
        if (current == StaffRoles.Administrator && !user.IsDisabled && await ActiveAdministratorsAsync(db) <= 1)
        {
            return (new("This is the last active Administrator: make someone else an Administrator first."), null);
        }
        if (current is not null)
        {
            await users.RemoveFromRoleAsync(user, current);
        }
        await users.AddToRoleAsync(user, role);
        await users.UpdateSecurityStampAsync(user);
        return (StaffResult.Ok, $"changed the role of {user.Email} from {current ?? "none"} to {role}");
    });

    public Task<StaffResult> SetDisabledAsync(StaffActor actor, string userId, bool disabled) => OneAtATimeAsync(actor, async (users, db) =>
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return (new("That account no longer exists."), null);
        }
        if (user.IsDisabled == disabled)
        {
            return (StaffResult.Ok, null);
        }
        if (disabled && await StaffDirectory.RoleOfAsync(db, userId) == StaffRoles.Administrator && await ActiveAdministratorsAsync(db) <= 1)
        {
            return (new("This is the last active Administrator and cannot be disabled."), null);
        }
        user.IsDisabled = disabled;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user); // signs the account out everywhere
        if (disabled)
        {
            // Ending the sessions refuses the account's cookies at the next request, not only after the stamp check's interval.
            await db.StaffSessions.Where(s => s.UserId == userId && s.EndedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, time.GetUtcNow()));
        }
        return (StaffResult.Ok, (disabled ? "disabled " : "re-enabled ") + user.Email);
    });

    /// <summary>Changes a staff member's display name (required, at most <see cref="MaxDisplayNameLength"/> characters).</summary>
    public async Task<StaffResult> RenameAsync(StaffActor actor, string userId, string displayName)
    {
        Require(actor);
        if (string.IsNullOrWhiteSpace(displayName))
        {
            return new("Enter a display name.");
        }
        if (TooLong("The display name", displayName, MaxDisplayNameLength) is { } tooLong)
        {
            return new(tooLong);
        }
        await using var scope = scopes.CreateAsyncScope();
        var (users, _) = Services(scope);
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return new("That account no longer exists.");
        }
        var (before, after) = (user.DisplayName, displayName.Trim());
        if (before == after)
        {
            return StaffResult.Ok;
        }
        user.DisplayName = after;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return new(Describe(updated));
        }
        await AuditAsync(actor, $"renamed {user.Email} from {before} to {after}");
        return StaffResult.Ok;
    }

    public async Task<StaffResult> UnlockAsync(StaffActor actor, string userId)
    {
        Require(actor);
        await using var scope = scopes.CreateAsyncScope();
        var (users, db) = Services(scope);
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return new("That account no longer exists.");
        }
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await throttle.ForgetAccountAsync(user.Email ?? "");
        await AuditAsync(actor, "unlocked " + user.Email);
        return StaffResult.Ok;
    }

    public async Task<StaffResult> ResetPasswordAsync(StaffActor actor, string userId, string? password)
    {
        Require(actor);
        await using var scope = scopes.CreateAsyncScope();
        var (users, db) = Services(scope);
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return new("That account no longer exists.");
        }
        if (password is { Length: > PortalSignInManager.MaxPasswordLength })
        {
            return new("The password can have at most 128 characters.");
        }
        var generated = string.IsNullOrEmpty(password) ? NewPassword() : null;
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password is { Length: > 0 } ? password : generated!);
        if (!reset.Succeeded)
        {
            return new(Describe(reset));
        }
        await AuditAsync(actor, "reset the password of " + user.Email + (generated is null ? " (typed)" : " (generated)"));
        return new(null, generated);
    }

    /// <summary>
    /// Runs a change that could leave no active Administrator under the staff lock, which every instance takes, so two
    /// Administrators demoting each other at once cannot both succeed. The change returns what to audit; the audit entry is
    /// written after the lock is released (on SQLite, another connection writing inside it would wait for it).
    /// </summary>
    private async Task<StaffResult> OneAtATimeAsync(StaffActor actor,
        Func<UserManager<ApplicationUser>, ApplicationDbContext, Task<(StaffResult Result, string? Audit)>> change)
    {
        Require(actor);
        await using var scope = scopes.CreateAsyncScope();
        var (users, db) = Services(scope);
        var (result, detail) = await PortalDatabase.SerializedAsync(db, PortalDatabase.StaffLockKey, () => change(users, db));
        if (detail is not null)
        {
            await AuditAsync(actor, detail);
        }
        return result;
    }

    private static (UserManager<ApplicationUser> Users, ApplicationDbContext Db) Services(AsyncServiceScope scope) =>
        (scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>(), scope.ServiceProvider.GetRequiredService<ApplicationDbContext>());

    private static async Task<int> ActiveAdministratorsAsync(ApplicationDbContext db) =>
        await (from link in db.UserRoles
               join role in db.Roles on link.RoleId equals role.Id
               join user in db.Users on link.UserId equals user.Id
               where role.Name == StaffRoles.Administrator && !user.IsDisabled
               select user.Id).CountAsync();

    private Task AuditAsync(StaffActor actor, string detail) => audit.AppendAsync(new AuditEntry
    {
        Kind = AuditKinds.AccountChanged, Actor = actor.Email, ActorRole = actor.Role, ClientIp = actor.ClientIp, Detail = detail,
    });

    private static void Require(StaffActor actor)
    {
        if (!actor.IsAdministrator)
        {
            throw new UnauthorizedAccessException(AdministratorOnly);
        }
    }

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));

    /// <summary>16 random characters that satisfy the password rules (upper, lower, digit); shown to the Administrator once.</summary>
    public static string NewPassword()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        var chars = Enumerable.Range(0, 13).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToList();
        chars.AddRange(["ABCDEFGHJKLMNPQRSTUVWXYZ"[RandomNumberGenerator.GetInt32(24)], "abcdefghijkmnopqrstuvwxyz"[RandomNumberGenerator.GetInt32(25)],
            "23456789"[RandomNumberGenerator.GetInt32(8)]]);
        return string.Concat(chars.OrderBy(_ => RandomNumberGenerator.GetInt32(1000)));
    }
}
