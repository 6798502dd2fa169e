using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.JoinLinks;
using AdminPortal.Staff;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Invites.Bulk;

/// <summary>
/// What a whole batch gets: its name, the room (with title, preset and reason, as previewed), validity, maximum uses, and the
/// meeting's start and end when staff gave one (invitation e-mails then carry a calendar file).
/// </summary>
public sealed record BulkTerms(string Name, BulkBatch Batch, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, int? MaxUses,
    DateTimeOffset? StartsAt = null, DateTimeOffset? EndsAt = null);

/// <summary>How far creation has got: invites created so far out of those requested.</summary>
public sealed record BulkProgress(int Created, int Requested);

/// <summary>One created invite with the row it came from and its public URL (known only now: the database keeps the code sealed).</summary>
public sealed record BulkCreatedInvite(BulkPreviewRow Row, Invite Invite, string Url);

/// <summary>
/// The batch as it ended (null when nothing was started because the input was refused), the invites created, and what went
/// wrong: <see cref="Error"/> for refused input or a failed chunk.
/// </summary>
public sealed record BulkCreateOutcome(InviteBatch? Batch, IReadOnlyList<BulkCreatedInvite> Invites, string? Error)
{
    public bool Cancelled => Batch?.State == InviteBatchState.Cancelled;

    internal static BulkCreateOutcome Refused(string error) => new(null, [], error);
}

/// <summary>
/// Creates a batch of personal invites from previewed rows: one <see cref="InviteBatch"/> row, then the invites in chunks of
/// <see cref="ChunkSize"/>, each chunk one transaction with one audit entry per invite, then one audit entry for the batch.
/// Cancelling stops between chunks and keeps what was created.
/// </summary>
public sealed class BulkInviteCreator(IDbContextFactory<ApplicationDbContext> databases, InviteService invites, InviteCodes codes,
    TimeProvider time, ILogger<BulkInviteCreator> logger)
{
    /// <summary>Invites per transaction: small enough that a cancel is honoured quickly, large enough that commits do not dominate.</summary>
    public const int ChunkSize = 200;

    /// <summary>
    /// Creates an invite for every row. Refuses (creating nothing) rows the preview did not pass, rows for another room, repeated user
    /// ids, links the actor's role may not issue, and terms a single invite would be refused. <paramref name="progress"/> hears after
    /// each chunk; <paramref name="cancellationToken"/> is honoured between chunks only (a chunk is all or nothing).
    /// </summary>
    public async Task<BulkCreateOutcome> CreateAsync(BulkTerms terms, IReadOnlyList<BulkPreviewRow> rows, StaffActor actor, Uri requestBaseUri,
        IProgress<BulkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (await RefusalAsync(terms, rows, actor) is { } refusal)
        {
            return BulkCreateOutcome.Refused(refusal);
        }
        var batch = await StartBatchAsync(terms, rows.Count, actor);
        var created = new List<BulkCreatedInvite>(rows.Count);
        string? error = null;
        foreach (var chunk in rows.Chunk(ChunkSize))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            try
            {
                created.AddRange(await StoreChunkAsync(batch, terms, chunk, actor, requestBaseUri));
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                logger.LogError(ex, "Could not store a chunk of invite batch {BatchId} for room {RoomId}", batch.Id, batch.RoomId);
                error = $"The database refused the invites after {created.Count:N0} of {rows.Count:N0}: creation stopped there and what was " +
                    "created was kept. Try the remaining rows again, or tell an administrator.";
                break;
            }
            progress?.Report(new(created.Count, rows.Count));
        }
        await FinishBatchAsync(batch, created.Count == rows.Count ? InviteBatchState.Created : InviteBatchState.Cancelled, actor, error);
        return new(batch, created, error);
    }

    private async Task<string?> RefusalAsync(BulkTerms terms, IReadOnlyList<BulkPreviewRow> rows, StaffActor actor)
    {
        if (rows.Count == 0)
        {
            return "There are no rows to create invites for.";
        }
        if (rows.FirstOrDefault(r => !r.IsValid) is { } invalid)
        {
            return $"Row {invalid.Source.Row} still has errors: fix or skip it first. No invites were created.";
        }
        var room = terms.Batch.RoomId.Trim();
        if (rows.FirstOrDefault(r => r.Form.RoomId.Trim() != room || JoinLinkRules.Validate(r.Form).Count > 0) is { } stale)
        {
            return $"Row {stale.Source.Row} was checked for another room or has changed since: check the rows again.";
        }
        if (rows.FirstOrDefault(r => !StaffRoles.MayIssue(actor.Role, r.Form.IsAdmin, r.Form.IsHidden)) is { } forbidden)
        {
            return $"Row {forbidden.Source.Row}: your role ({actor.Role}) may not issue {InviteService.RoleOf(Stand(forbidden))} links.";
        }
        if (rows.GroupBy(r => r.Form.UserId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
        {
            return $"User id '{repeated.Key}' appears in rows {string.Join(", ", repeated.Select(r => r.Source.Row))}: each person needs their own.";
        }
        if (terms.Name.Trim().Length > InviteBatch.NameMaxLength)
        {
            return $"The batch name can be at most {InviteBatch.NameMaxLength} characters.";
        }
        if (terms.StartsAt is { } starts && (terms.EndsAt is not { } ends || ends <= starts))
        {
            return "The meeting must end after it starts.";
        }
        var settings = await invites.GetSettingsAsync();
        return invites.CheckTerms(new InviteTerms(InviteKind.Personal, terms.ValidFrom, terms.ValidUntil, terms.MaxUses), settings);
    }

    private static Invite Stand(BulkPreviewRow row) => new()
    {
        CodeHash = "", SealedCode = "", RoomId = "", CreatedBy = "", CreatedByUserId = "", IsAdmin = row.Form.IsAdmin, IsHidden = row.Form.IsHidden,
    };

    private async Task<InviteBatch> StartBatchAsync(BulkTerms terms, int requested, StaffActor actor)
    {
        var batch = new InviteBatch
        {
            Name = terms.Name.Trim().Length > 0 ? terms.Name.Trim() : $"{terms.Batch.RoomId.Trim()} {time.GetUtcNow():yyyy-MM-dd HH:mm} UTC",
            RoomId = terms.Batch.RoomId.Trim(), RoomTitle = terms.Batch.RoomTitle.Trim(),
            Preset = terms.Batch.Preset?.Name, PresetId = terms.Batch.Preset?.Id,
            Reason = string.IsNullOrWhiteSpace(terms.Batch.Reason) ? null : terms.Batch.Reason.Trim(),
            ValidFrom = terms.ValidFrom, ValidUntil = terms.ValidUntil, MaxUses = terms.MaxUses, StartsAt = terms.StartsAt, EndsAt = terms.EndsAt,
            Requested = requested, State = InviteBatchState.Creating,
            CreatedBy = actor.Email, CreatedByUserId = actor.UserId, CreatedAt = time.GetUtcNow(),
        };
        await using var db = await databases.CreateDbContextAsync();
        db.InviteBatches.Add(batch);
        await db.SaveChangesAsync();
        return batch;
    }

    /// <summary>One transaction: the chunk's invites, an audit entry for each, and the batch's new count. Not cancellable once begun.</summary>
    private async Task<List<BulkCreatedInvite>> StoreChunkAsync(InviteBatch batch, BulkTerms terms, BulkPreviewRow[] chunk, StaffActor actor,
        Uri requestBaseUri)
    {
        var now = time.GetUtcNow();
        var inviteTerms = new InviteTerms(InviteKind.Personal, terms.ValidFrom, terms.ValidUntil, terms.MaxUses);
        var made = chunk.Select(row =>
        {
            var invite = InviteService.NewInvite(row.Form, inviteTerms, actor, row.Preset);
            var minted = codes.Mint();
            (invite.CodeHash, invite.SealedCode, invite.CreatedAt, invite.BatchId) = (minted.Hash, minted.Sealed, now, batch.Id);
            (invite.Email, invite.StartsAt, invite.EndsAt) = (row.Email.Length > 0 ? row.Email : null, terms.StartsAt, terms.EndsAt);
            return (Row: row, Invite: invite, minted.Code);
        }).ToList();

        await using var db = await databases.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Invites.AddRange(made.Select(m => m.Invite));
        await db.SaveChangesAsync(); // gives the invites their ids, which the audit entries name
        foreach (var (row, invite, _) in made)
        {
            var entry = JoinLinkService.Entry(AuditKinds.InviteCreated, row.Form, actor, row.Preset, "ok",
                $"invite #{invite.Id} in batch #{batch.Id}: {InviteService.Summary(invite)}");
            entry.InviteId = invite.Id;
            AuditLog.Stage(db, entry, now);
        }
        db.Attach(batch);
        batch.Created += made.Count;
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return [.. made.Select(m => new BulkCreatedInvite(m.Row, m.Invite, codes.UrlFor(m.Code, requestBaseUri)))];
    }

    private async Task FinishBatchAsync(InviteBatch batch, InviteBatchState state, StaffActor actor, string? error)
    {
        await using var db = await databases.CreateDbContextAsync();
        db.Attach(batch);
        (batch.State, batch.FinishedAt) = (state, time.GetUtcNow());
        var cancelled = state == InviteBatchState.Cancelled;
        AuditLog.Stage(db, new AuditEntry
        {
            Kind = cancelled ? AuditKinds.InviteBatchCancelled : AuditKinds.InviteBatchCreated,
            Actor = actor.Email, ActorRole = actor.Role, ClientIp = actor.ClientIp, RoomId = batch.RoomId, Preset = batch.Preset, Reason = batch.Reason,
            Outcome = error is null ? "ok" : "failed",
            Detail = $"batch #{batch.Id} \"{batch.Name}\": {batch.Created} of {batch.Requested} invites created" + (cancelled ? " (stopped; the created ones were kept)" : "") +
                $", room {batch.RoomId}, valid {Utc(batch.ValidFrom)} to {Utc(batch.ValidUntil)}, uses {(batch.MaxUses?.ToString() ?? "unlimited")}" +
                (batch.StartsAt is { } starts ? $", meeting {Utc(starts)} to {Utc(batch.EndsAt!.Value)}" : ""),
        }, time.GetUtcNow());
        await db.SaveChangesAsync();
    }

    private static string Utc(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm") + " UTC";
}
