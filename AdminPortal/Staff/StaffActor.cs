using System.Security.Claims;
using AdminPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Staff;

/// <summary>The signed-in staff member as the database knows them right now (role changes and disabling apply at once).</summary>
public sealed record StaffActor(string UserId, string Email, string DisplayName, string Role, string ClientIp)
{
    public bool IsAdministrator => Role == StaffRoles.Administrator;
}

public sealed class StaffDirectory(IDbContextFactory<ApplicationDbContext> databases)
{
    /// <summary>Null when the principal is not a signed-in, active staff member with a role.</summary>
    public async Task<StaffActor?> FindActorAsync(ClaimsPrincipal principal, string clientIp, CancellationToken cancellationToken = default)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return null;
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null || user.IsDisabled)
        {
            return null;
        }
        var role = await RoleOfAsync(db, userId, cancellationToken);
        return role is null ? null : new StaffActor(user.Id, user.Email ?? user.UserName ?? "", user.DisplayName, role, clientIp);
    }

    internal static Task<string?> RoleOfAsync(ApplicationDbContext db, string userId, CancellationToken cancellationToken = default) =>
        (from link in db.UserRoles
         join role in db.Roles on link.RoleId equals role.Id
         where link.UserId == userId
         select role.Name).FirstOrDefaultAsync(cancellationToken);
}
