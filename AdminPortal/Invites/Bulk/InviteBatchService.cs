using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Staff;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Invites.Bulk;

/// <summary>A batch with how many of its invites are in each status now.</summary>
public sealed record InviteBatchSummary(InviteBatch Batch, int Total, int Active, int NotYetValid, int Expired, int Revoked, int UsedUp)
{
    /// <summary>Invites a revoke of the whole batch would still change.</summary>
    public int NotRevoked => Total - Revoked;

    /// <summary>"80 invites: 78 active, 2 revoked" (statuses with none are left out).</summary>
    public string Counts
    {
        get
        {
            var parts = new (int Count, InviteStatus Status)[]
                {
                    (Active, InviteStatus.Active), (NotYetValid, InviteStatus.NotYetValid), (Expired, InviteStatus.Expired),
                    (Revoked, InviteStatus.Revoked), (UsedUp, InviteStatus.UsedUp),
                }
                .Where(p => p.Count > 0).Select(p => $"{p.Count} {InviteService.Describe(p.Status)}").ToList();
            var total = Total == 1 ? "1 invite" : $"{Total} invites";
            return parts.Count == 0 ? total : $"{total}: {string.Join(", ", parts)}";
        }
    }
}

/// <summary>One invite of a batch with its public URL; null when the keys that sealed its code are gone.</summary>
public sealed record InviteBatchLink(int Row, Invite Invite, string? Url);

/// <summary>A batch and its invites in creation order, with their URLs.</summary>
public sealed record InviteBatchLinks(InviteBatch Batch, IReadOnlyList<InviteBatchLink> Links);

/// <summary>
/// Bulk batches as groups: listed with their counts, revoked or extended together (each invite audited as a single change would be,
/// plus one entry for the batch), and read back with their links for the sheet and the CSV. Staff see their own batches,
/// Administrators all; anyone else's batch is "not found", as single invites are.
/// </summary>
public sealed class InviteBatchService(IDbContextFactory<ApplicationDbContext> databases, InviteService invites, InviteCodes codes, TimeProvider time)
{
    /// <summary>How many batches <see cref="ListAsync"/> returns at most, newest first.</summary>
    public const int ListLimit = 20;

    private const string NotYours = "That batch does not exist or is not yours.";

    /// <summary>The newest batches the actor may see (own; Administrators all) with their counts by status.</summary>
    public async Task<IReadOnlyList<InviteBatchSummary>> ListAsync(StaffActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var batches = await OwnQuery(db, actor).AsNoTracking().OrderByDescending(b => b.Id).Take(ListLimit).ToListAsync(cancellationToken);
        var ids = batches.Select(b => (int?)b.Id).ToList();
        var now = time.GetUtcNow();
        // Counted in the database in the order Invite.StatusAt decides, so a batch of 600 is one row, not 600.
        var counts = await db.Invites.Where(i => ids.Contains(i.BatchId)).GroupBy(i => i.BatchId).Select(g => new
        {
            BatchId = g.Key!.Value,
            Total = g.Count(),
            Revoked = g.Count(i => i.RevokedAt != null),
            NotYetValid = g.Count(i => i.RevokedAt == null && i.ValidFrom > now),
            Expired = g.Count(i => i.RevokedAt == null && i.ValidFrom <= now && i.ValidUntil <= now),
            UsedUp = g.Count(i => i.RevokedAt == null && i.ValidFrom <= now && i.ValidUntil > now && i.MaxUses != null && i.Uses >= i.MaxUses),
        }).ToDictionaryAsync(c => c.BatchId, cancellationToken);
        return batches.Select(b => counts.TryGetValue(b.Id, out var c)
            ? new InviteBatchSummary(b, c.Total, c.Total - c.Revoked - c.NotYetValid - c.Expired - c.UsedUp, c.NotYetValid, c.Expired, c.Revoked, c.UsedUp)
            : new InviteBatchSummary(b, 0, 0, 0, 0, 0, 0)).ToList();
    }

    /// <summary>The batch with its invites and their URLs, for its creator or an Administrator; null for anyone else or no such batch.</summary>
    public async Task<InviteBatchLinks?> LinksAsync(StaffActor actor, int batchId, Uri requestBaseUri, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var batch = await OwnQuery(db, actor).AsNoTracking().FirstOrDefaultAsync(b => b.Id == batchId, cancellationToken);
        if (batch is null)
        {
            return null;
        }
        var members = await db.Invites.AsNoTracking().Where(i => i.BatchId == batchId).OrderBy(i => i.Id).ToListAsync(cancellationToken);
        return new(batch, members.Select((invite, index) => new InviteBatchLink(index + 1, invite, codes.TryUrlFor(invite, requestBaseUri))).ToList());
    }

    /// <summary>
    /// Revokes every invite of the batch that is not revoked yet, in one transaction with one audit entry per invite (as a single
    /// revoke writes) and one for the batch. Returns why not, or null when done.
    /// </summary>
    public async Task<string?> RevokeAllAsync(StaffActor actor, int batchId)
    {
        await using var db = await databases.CreateDbContextAsync();
        var batch = await OwnQuery(db, actor).AsNoTracking().FirstOrDefaultAsync(b => b.Id == batchId);
        if (batch is null)
        {
            return NotYours;
        }
        await using var transaction = await db.Database.BeginTransactionAsync();
        var members = await db.Invites.Where(i => i.BatchId == batchId && i.RevokedAt == null).OrderBy(i => i.Id).ToListAsync();
        if (members.Count == 0)
        {
            return $"Every invite of batch \"{batch.Name}\" is already revoked.";
        }
        var now = time.GetUtcNow();
        foreach (var invite in members)
        {
            invite.RevokedAt = now;
            Stage(db, actor, now, $"revoked invite #{invite.Id} for room {invite.RoomId} (batch #{batchId})", invite.RoomId, invite.Id);
        }
        Stage(db, actor, now, $"revoked batch #{batchId} \"{batch.Name}\": {Invites(members.Count)} revoked together", batch.RoomId);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return null;
    }

    /// <summary>
    /// Gives every invite of the batch that can still be opened later (not revoked, re-issued or used up) the new end
    /// <paramref name="validUntil"/>, checked against the longest validity as a single extend is; all or none, each audited, plus
    /// one entry for the batch. Returns why not, or null when done.
    /// </summary>
    public async Task<string?> ExtendAllAsync(StaffActor actor, int batchId, DateTimeOffset validUntil)
    {
        await using var db = await databases.CreateDbContextAsync();
        var batch = await OwnQuery(db, actor).FirstOrDefaultAsync(b => b.Id == batchId);
        if (batch is null)
        {
            return NotYours;
        }
        await using var transaction = await db.Database.BeginTransactionAsync();
        var members = await db.Invites.Where(i => i.BatchId == batchId && i.RevokedAt == null && i.ReplacedById == null
            && (i.MaxUses == null || i.Uses < i.MaxUses)).OrderBy(i => i.Id).ToListAsync();
        if (members.Count == 0)
        {
            return $"No invite of batch \"{batch.Name}\" can be extended: each is revoked, re-issued or used up.";
        }
        if (members.Count(i => !StaffRoles.MayIssue(actor.Role, i.IsAdmin, i.IsHidden)) is > 0 and var forbidden)
        {
            return $"Your role ({actor.Role}) may not issue administrator or hidden links, so it cannot extend the {Invites(forbidden)} of this batch " +
                "that are; nothing was changed.";
        }
        var settings = await invites.GetSettingsAsync();
        if (members.Select(i => invites.CheckTerms(new InviteTerms(i.Kind, i.ValidFrom, validUntil, i.MaxUses), settings, extending: true))
            .FirstOrDefault(e => e is not null) is { } error)
        {
            return error;
        }
        var now = time.GetUtcNow();
        foreach (var invite in members)
        {
            invite.ValidUntil = validUntil;
            Stage(db, actor, now, $"extended invite #{invite.Id} to {Utc(validUntil)} (batch #{batchId})", invite.RoomId, invite.Id);
        }
        batch.ValidUntil = validUntil;
        Stage(db, actor, now, $"extended batch #{batchId} \"{batch.Name}\": {Invites(members.Count)} now valid until {Utc(validUntil)}", batch.RoomId);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return null;
    }

    /// <summary>The audit entry saying the batch's links were shown or exported (<paramref name="how"/>); never the links themselves.</summary>
    public static AuditEntry ExportEntry(StaffActor actor, InviteBatchLinks links, string how) => new()
    {
        Kind = AuditKinds.InviteLinksExported, Actor = actor.Email, ActorRole = actor.Role, ClientIp = actor.ClientIp, RoomId = links.Batch.RoomId,
        Detail = $"{how}: the links of batch #{links.Batch.Id} \"{links.Batch.Name}\" ({Invites(links.Links.Count)})",
    };

    private static void Stage(ApplicationDbContext db, StaffActor actor, DateTimeOffset now, string detail, string roomId, int? inviteId = null) =>
        AuditLog.Stage(db, new AuditEntry
        {
            Kind = AuditKinds.InviteChanged, Actor = actor.Email, ActorRole = actor.Role, ClientIp = actor.ClientIp, RoomId = roomId, Detail = detail,
            InviteId = inviteId,
        }, now);

    private static IQueryable<InviteBatch> OwnQuery(ApplicationDbContext db, StaffActor actor) =>
        actor.IsAdministrator ? db.InviteBatches : db.InviteBatches.Where(b => b.CreatedByUserId == actor.UserId);

    private static string Invites(int count) => count == 1 ? "1 invite" : $"{count} invites";

    private static string Utc(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC";
}
