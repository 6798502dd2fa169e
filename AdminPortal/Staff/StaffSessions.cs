using System.Security.Claims;
using System.Security.Cryptography;
using AdminPortal.Data;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Staff;

/// <summary>
/// Server-side sign-in sessions: every sign-in starts a <see cref="StaffSession"/> whose id travels in the cookie, and signing out
/// ends it, so a copy of the cookie replayed afterwards is refused.
/// </summary>
public sealed class StaffSessions(IDbContextFactory<ApplicationDbContext> databases, TimeProvider time)
{
    /// <summary>The claim in the sign-in cookie that names its session.</summary>
    public const string ClaimType = "adminportal:session";

    /// <summary>Starts a session for the user and returns its id (128 random bits).</summary>
    public async Task<string> StartAsync(string userId, CancellationToken cancellationToken = default)
    {
        var session = new StaffSession
        {
            Id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16)), UserId = userId, CreatedAt = time.GetUtcNow(),
        };
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.StaffSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session.Id;
    }

    /// <summary>Ends the session the principal carries (if any); its cookie stops working at once.</summary>
    public async Task EndAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        if (principal.FindFirstValue(ClaimType) is not { } id)
        {
            return;
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.StaffSessions.Where(s => s.Id == id && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>True when the principal names a session of its own user that has not ended.</summary>
    public async Task<bool> IsActiveAsync(ClaimsPrincipal? principal, CancellationToken cancellationToken = default)
    {
        var id = principal?.FindFirstValue(ClaimType);
        var userId = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null || userId is null)
        {
            return false;
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.StaffSessions.AnyAsync(s => s.Id == id && s.UserId == userId && s.EndedAt == null, cancellationToken);
    }
}
