using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Invites;
using AdminPortal.Staff;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.JoinLinks;

/// <summary>
/// One line of "Recent links": a direct link (its token is never kept, so only what it was for; <paramref name="AuditId"/> ties it to
/// attendance) or an invite.
/// </summary>
public sealed record RecentLink(DateTimeOffset At, int? InviteId, string RoomId, string Person, DateTimeOffset? ValidUntil, string Status,
    long? AuditId = null, bool IsHidden = false)
{
    public bool IsInvite => InviteId is not null;
}

/// <summary>
/// What this staff member issued in the last hours, newest first: direct links from the audit trail (room, person, expiry;
/// never the token, which the portal does not keep) and the invites they created (which can be copied and shown again).
/// </summary>
public sealed class RecentLinks(IDbContextFactory<ApplicationDbContext> databases, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(12);
    public const int MaxCount = 10;

    public async Task<IReadOnlyList<RecentLink>> ForAsync(StaffActor actor, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var since = now - Window;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var links = await db.AuditEntries.AsNoTracking()
            .Where(a => a.Kind == AuditKinds.LinkIssued && a.Actor == actor.Email && a.TimeUtc >= since)
            .OrderByDescending(a => a.TimeUtc).Take(MaxCount)
            .Select(a => new { a.Id, a.TimeUtc, a.RoomId, a.DisplayName, a.UserId, a.TokenExpiresAt, a.IsHidden })
            .ToListAsync(cancellationToken);
        var invites = await db.Invites.AsNoTracking()
            .Where(i => i.CreatedByUserId == actor.UserId && i.CreatedAt >= since)
            .OrderByDescending(i => i.CreatedAt).Take(MaxCount)
            .ToListAsync(cancellationToken);
        return links
            .Select(l => new RecentLink(l.TimeUtc, null, l.RoomId ?? "", $"{l.DisplayName} ({l.UserId})", l.TokenExpiresAt,
                l.TokenExpiresAt is { } expires && expires <= now ? "expired" : "valid", l.Id, l.IsHidden == true))
            .Concat(invites.Select(i => new RecentLink(i.CreatedAt, i.Id, i.RoomId,
                i.Kind == InviteKind.Open ? "anyone with the link" : $"{i.DisplayName} ({i.UserId})", i.ValidUntil,
                InviteService.Describe(i.StatusAt(now)))))
            .OrderByDescending(r => r.At).Take(MaxCount).ToList();
    }
}
