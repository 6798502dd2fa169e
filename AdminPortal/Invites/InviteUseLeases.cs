using AdminPortal.Audit;
using AdminPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Invites;

/// <summary>
/// A use of an invite as a lease: reserved (counted) before the token is fetched, confirmed together with its audit entry,
/// or given back on failure or when nobody confirmed it in time (a crash). Invites without a use limit take no lease: their
/// use is counted when it is confirmed. Each step is one write transaction (on SQLite
/// BEGIN IMMEDIATE, so steps never interleave; on PostgreSQL the conditional UPDATE locks the invite's row and re-checks its
/// condition after waiting, so two instances can never both count the last use).
/// </summary>
internal sealed class InviteUseLeases(ApplicationDbContext db, TimeProvider time, TimeSpan duration)
{
    /// <summary>Counts a use and records its lease, or returns null when the invite has no use left (or is no longer valid).</summary>
    public async Task<InviteUseLease?> ReserveAsync(int inviteId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Whoever opens the invite next also frees uses a crashed process left reserved.
        await ReleaseExpiredAsync(db, now, inviteId, cancellationToken);
        if (await CountUseAsync(inviteId, now, cancellationToken) == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return null;
        }
        var lease = new InviteUseLease { InviteId = inviteId, ReservedAt = now, ExpiresAt = now + duration };
        db.InviteUseLeases.Add(lease);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return lease;
    }

    /// <summary>
    /// Ends the lease and writes the use's audit entry in one transaction. When a sweep already gave the use back, or there was
    /// no lease (an invite without a use limit), the use is counted now if the invite still has one; otherwise nothing is
    /// written and false says the token must not be handed out.
    /// </summary>
    public async Task<bool> ConfirmAsync(int inviteId, InviteUseLease? lease, AuditEntry used, Action beforeCommit)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var ended = lease is null ? 0 : await db.InviteUseLeases.Where(l => l.Id == lease.Id).ExecuteDeleteAsync();
        if (ended == 0 && await CountUseAsync(inviteId, now, CancellationToken.None) == 0)
        {
            await transaction.RollbackAsync();
            return false;
        }
        await db.Invites.Where(i => i.Id == inviteId).ExecuteUpdateAsync(set => set
            .SetProperty(i => i.LastUsedAt, now).SetProperty(i => i.LastRefusal, (string?)null).SetProperty(i => i.LastRefusalAt, (DateTimeOffset?)null));
        AuditLog.Stage(db, used, now);
        await db.SaveChangesAsync();
        beforeCommit();
        await transaction.CommitAsync();
        return true;
    }

    /// <summary>Gives the use back (unless a sweep already did) and, when plugNmeet refused it, keeps the reason for staff.</summary>
    public async Task ReleaseAsync(int inviteId, InviteUseLease? lease, string? refusal)
    {
        if (lease is null && refusal is null)
        {
            return; // nothing was reserved and nothing is to be kept
        }
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (lease is not null && await db.InviteUseLeases.Where(l => l.Id == lease.Id).ExecuteDeleteAsync() == 1)
        {
            await GiveBackAsync(db, inviteId, CancellationToken.None);
        }
        if (refusal is not null)
        {
            // The server's message is untrusted text of any length: keep it within the audit trail's limit.
            refusal = AuditLimits.Cut(refusal, AuditLimits.Detail);
            await db.Invites.Where(i => i.Id == inviteId)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.LastRefusal, refusal).SetProperty(i => i.LastRefusalAt, now));
        }
        await transaction.CommitAsync();
    }

    /// <summary>Gives back every use whose lease ran out (of one invite, or of all); call inside a write transaction.</summary>
    public static async Task<int> ReleaseExpiredAsync(ApplicationDbContext db, DateTimeOffset now, int? inviteId, CancellationToken cancellationToken)
    {
        var expired = await db.InviteUseLeases.Where(l => l.ExpiresAt <= now && (inviteId == null || l.InviteId == inviteId))
            .Select(l => new { l.Id, l.InviteId }).ToListAsync(cancellationToken);
        foreach (var lease in expired)
        {
            if (await db.InviteUseLeases.Where(l => l.Id == lease.Id).ExecuteDeleteAsync(cancellationToken) == 1)
            {
                await GiveBackAsync(db, lease.InviteId, cancellationToken);
            }
        }
        return expired.Count;
    }

    /// <summary>One conditional statement: concurrent reservations of a used-up invite find no row to update.</summary>
    private Task<int> CountUseAsync(int inviteId, DateTimeOffset now, CancellationToken cancellationToken) => db.Invites
        .Where(i => i.Id == inviteId && i.RevokedAt == null && i.ValidFrom <= now && i.ValidUntil > now && (i.MaxUses == null || i.Uses < i.MaxUses))
        .ExecuteUpdateAsync(set => set.SetProperty(i => i.Uses, i => i.Uses + 1), cancellationToken);

    private static Task<int> GiveBackAsync(ApplicationDbContext db, int inviteId, CancellationToken cancellationToken) =>
        db.Invites.Where(i => i.Id == inviteId && i.Uses > 0).ExecuteUpdateAsync(set => set.SetProperty(i => i.Uses, i => i.Uses - 1), cancellationToken);
}
