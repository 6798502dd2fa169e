using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Invites;
using AdminPortal.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminPortal.Email.Outbox;

/// <summary>The "Send invitation" dialog: where to, and optionally when the meeting is (then the mail carries an .ics file).</summary>
public sealed class SendInvitationForm
{
    public string Recipient { get; set; } = "";

    /// <summary>The meeting's start in UTC; null: no calendar file.</summary>
    public DateTimeOffset? StartsAt { get; set; }

    public int DurationMinutes { get; set; } = 60;
}

/// <summary>
/// Queues invitation e-mails in the database (the background <see cref="OutboxSender"/> sends them) and reports where they stand.
/// Staff queue only invites they created (Administrators: any), only while the invite can still be used.
/// </summary>
public sealed class InvitationOutbox(IDbContextFactory<ApplicationDbContext> databases, IOptions<InviteOptions> invites, OutboxSignal signal,
    EmailSettingsService settings, TimeProvider time)
{
    public const string NotSetUp = "e-mail is not set up (an Administrator sets the mail server on /settings/email)";

    /// <summary>Why no invitation can be sent now (the SMTP settings are missing), or null.</summary>
    public async Task<string?> BlockedBecauseAsync(CancellationToken cancellationToken = default) =>
        await settings.GetConfigurationAsync(cancellationToken) is null ? NotSetUp : null;

    /// <summary>
    /// Queues one invitation per invite in <paramref name="inviteIds"/> to its <see cref="Invite.Email"/>, or to
    /// <paramref name="recipient"/> for a single invite. Invites without an address are counted and skipped; each queued message is audited.
    /// <paramref name="portalBase"/> is the address the staff member reached the portal on (links use <c>Invites:PublicBaseUrl</c> when set).
    /// </summary>
    public async Task<QueueResult> QueueAsync(StaffActor actor, IReadOnlyCollection<int> inviteIds, Uri portalBase, string? recipient = null,
        CancellationToken cancellationToken = default)
    {
        var baseUrl = invites.Value.BaseUrlFor(portalBase);
        var host = new Uri(baseUrl).Host;
        if (recipient is not null && (inviteIds.Count != 1 || EmailSettingsRules.AddressProblem("The recipient", recipient) is not null))
        {
            return new(0, 0, 0, 0, EmailSettingsRules.AddressProblem("The recipient", recipient) ?? "A recipient can be given for one invite only.");
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var found = await Visible(db, actor).Where(i => inviteIds.Contains(i.Id)).ToListAsync(cancellationToken);
        var waiting = await db.OutboxMessages.Where(m => inviteIds.Contains(m.InviteId) && m.State == OutboxState.Queued)
            .Select(m => m.InviteId).ToListAsync(cancellationToken);
        int withoutEmail = 0, alreadyQueued = 0, queued = 0;
        foreach (var invite in found.Where(i => Sendable(i, now)))
        {
            var to = recipient?.Trim() ?? invite.Email?.Trim();
            if (string.IsNullOrEmpty(to))
            {
                withoutEmail++;
                continue;
            }
            if (waiting.Contains(invite.Id))
            {
                alreadyQueued++;
                continue;
            }
            db.OutboxMessages.Add(new OutboxMessage
            {
                InviteId = invite.Id, BatchId = invite.BatchId, Recipient = to, BaseUrl = baseUrl,
                RecipientName = invite.Kind == InviteKind.Personal ? invite.DisplayName : "",
                State = OutboxState.Queued, NextAttemptAt = now, QueuedAt = now, QueuedBy = actor.Email,
                MessageId = $"{Guid.NewGuid():N}@{host}",
            });
            AuditLog.Stage(db, new AuditEntry
            {
                Kind = AuditKinds.InvitationQueued, Actor = actor.Email, ActorRole = actor.Role, ClientIp = actor.ClientIp,
                InviteId = invite.Id, RoomId = invite.RoomId, DisplayName = invite.DisplayName, UserId = invite.UserId, Detail = $"To {to}",
            }, now);
            queued++;
        }
        await db.SaveChangesAsync(cancellationToken);
        if (queued > 0)
        {
            signal.Wake();
        }
        return new(queued, withoutEmail, inviteIds.Count - found.Count + found.Count(i => !Sendable(i, now)), alreadyQueued);
    }

    /// <summary>Queues the invitations of every invite in batch <paramref name="batchId"/> that has an e-mail address.</summary>
    public async Task<QueueResult> QueueBatchAsync(StaffActor actor, int batchId, Uri portalBase, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var ids = await Visible(db, actor).Where(i => i.BatchId == batchId).Select(i => i.Id).ToListAsync(cancellationToken);
        return await QueueAsync(actor, ids, portalBase, null, cancellationToken);
    }

    /// <summary>
    /// The dialog's send: checks the address and meeting time (problems by field: <c>Recipient</c>, <c>StartsAt</c>,
    /// <c>DurationMinutes</c>), stores the meeting time on the invite (so the mail carries an .ics file), and queues.
    /// </summary>
    public async Task<(Dictionary<string, string> Problems, QueueResult? Result)> SendInvitationAsync(StaffActor actor, int inviteId, SendInvitationForm form,
        Uri portalBase, CancellationToken cancellationToken = default)
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        if (EmailSettingsRules.AddressProblem("The recipient", form.Recipient) is { } bad)
        {
            problems[nameof(form.Recipient)] = bad;
        }
        if (form.StartsAt is not null && form.DurationMinutes is < 5 or > 24 * 60)
        {
            problems[nameof(form.DurationMinutes)] = "The meeting lasts 5 minutes to 24 hours.";
        }
        if (problems.Count > 0)
        {
            return (problems, null);
        }
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            var starts = form.StartsAt?.ToUniversalTime();
            var ends = starts?.AddMinutes(form.DurationMinutes);
            await Visible(db, actor).Where(i => i.Id == inviteId).ExecuteUpdateAsync(set => set
                .SetProperty(i => i.StartsAt, starts).SetProperty(i => i.EndsAt, ends), cancellationToken);
        }
        return (problems, await QueueAsync(actor, [inviteId], portalBase, form.Recipient.Trim(), cancellationToken));
    }

    /// <summary>The latest message of each invite in <paramref name="inviteIds"/> (one query); invites never mailed are absent.</summary>
    public async Task<Dictionary<int, DeliveryStatus>> StatusForAsync(IReadOnlyCollection<int> inviteIds, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = await db.OutboxMessages.AsNoTracking().Where(m => inviteIds.Contains(m.InviteId))
            .Select(m => new { m.Id, m.InviteId, m.State, m.Recipient, m.Attempts, m.NextAttemptAt, m.SentAt, m.LastAnswer })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.InviteId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Id) is { } r
            ? new DeliveryStatus(r.State, r.Recipient, r.Attempts, r.NextAttemptAt, r.SentAt, r.LastAnswer) : null!);
    }

    /// <summary>Batch <paramref name="batchId"/>'s invites with and without an address, and where their latest messages stand.</summary>
    public async Task<BatchDeliverySummary> BatchSummaryAsync(StaffActor actor, int batchId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var invites = await Visible(db, actor).Where(i => i.BatchId == batchId)
            .Select(i => new { i.Id, HasEmail = i.Email != null && i.Email != "" }).ToListAsync(cancellationToken);
        var statuses = await StatusForAsync(invites.Select(i => i.Id).ToList(), cancellationToken);
        int Count(OutboxState state) => statuses.Values.Count(s => s.State == state);
        return new(invites.Count(i => i.HasEmail), invites.Count(i => !i.HasEmail), Count(OutboxState.Queued), Count(OutboxState.Sent), Count(OutboxState.Failed));
    }

    /// <summary>Revoked, expired and used-up invites are not mailed; one not valid yet may be (people get it before the day).</summary>
    internal static bool Sendable(Invite invite, DateTimeOffset now) => invite.StatusAt(now) is InviteStatus.Active or InviteStatus.NotYetValid;

    private static IQueryable<Invite> Visible(ApplicationDbContext db, StaffActor actor) =>
        actor.IsAdministrator ? db.Invites : db.Invites.Where(i => i.CreatedByUserId == actor.UserId);
}
