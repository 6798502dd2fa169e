using AdminPortal.Data;
using AdminPortal.Invites;
using AdminPortal.Invites.Bulk;
using AdminPortal.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Invites.Batches;

/// <summary>A seeded batch: the stored batch and, in row order, its invites with the codes they were minted with.</summary>
public sealed record SeededBatch(InviteBatch Batch, IReadOnlyList<(Invite Invite, string Code)> Members)
{
    public IReadOnlyList<int> InviteIds => [.. Members.Select(m => m.Invite.Id)];
}

/// <summary>
/// Stores a batch and its personal invites directly (minted with <see cref="InviteCodes"/>, as bulk creation will), so the batch
/// features can be tested without the bulk creator.
/// </summary>
public static class InviteBatchSeed
{
    public static async Task<SeededBatch> CreateAsync(IServiceProvider services, StaffActor owner, int count, DateTimeOffset now,
        string name = "Training 3 March", string roomId = "training", string roomTitle = "Training room", Func<int, string>? displayName = null,
        bool isAdmin = false)
    {
        var codes = services.GetRequiredService<InviteCodes>();
        await using var db = await services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        var batch = new InviteBatch
        {
            Name = name, RoomId = roomId, RoomTitle = roomTitle, ValidFrom = now, ValidUntil = now.AddDays(3), MaxUses = 2, Requested = count,
            Created = count, State = InviteBatchState.Created, CreatedBy = owner.Email, CreatedByUserId = owner.UserId, CreatedAt = now, FinishedAt = now,
        };
        db.InviteBatches.Add(batch);
        await db.SaveChangesAsync();
        var members = new List<(Invite, string)>();
        for (var row = 1; row <= count; row++)
        {
            var minted = codes.Mint();
            var invite = new Invite
            {
                CodeHash = minted.Hash, SealedCode = minted.Sealed, Kind = InviteKind.Personal, RoomId = roomId, RoomTitle = roomTitle,
                DisplayName = displayName?.Invoke(row) ?? $"Pupil {row}", UserId = $"pupil-{batch.Id}-{row}", Email = $"pupil{row}@example.org",
                IsAdmin = isAdmin, ValidFrom = now, ValidUntil = now.AddDays(3), MaxUses = 2, CreatedBy = owner.Email, CreatedByUserId = owner.UserId,
                CreatedAt = now, BatchId = batch.Id,
            };
            db.Invites.Add(invite);
            members.Add((invite, minted.Code));
        }
        await db.SaveChangesAsync();
        return new(batch, members);
    }

    /// <summary>Changes stored invites of the batch (e.g. to give them another status).</summary>
    public static async Task UpdateAsync(IServiceProvider services, int inviteId, Action<Invite> change)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        change(await db.Invites.SingleAsync(i => i.Id == inviteId));
        await db.SaveChangesAsync();
    }

    public static async Task<List<Invite>> InvitesAsync(IServiceProvider services, int batchId)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        return await db.Invites.AsNoTracking().Where(i => i.BatchId == batchId).OrderBy(i => i.Id).ToListAsync();
    }

    public static async Task<List<AdminPortal.Audit.AuditEntry>> AuditAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }
}
