using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Email.Invitations;
using AdminPortal.Invites;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminPortal.Email.Outbox;

/// <summary>
/// Sends queued invitation e-mails in the background. Each pass claims due messages with one conditional UPDATE (only rows still
/// queued, due and not claimed by a live lease get this instance's lease), so instances sharing a database never send one message
/// twice; a lease left by an instance that died expires and is taken over. Temporary failures are retried with backoff.
/// </summary>
public sealed class OutboxSender(IDbContextFactory<ApplicationDbContext> databases, EmailSettingsService settings,
    InvitationTemplateService templates, InviteCodes codes, EmailSender sender, OutboxSignal signal, IOptions<OutboxOptions> options,
    TimeProvider time, ILogger<OutboxSender> logger) : BackgroundService
{
    /// <summary>This process's name on the leases it takes.</summary>
    internal string Instance { get; } = Guid.NewGuid().ToString("N");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // start-up goes on while the first pass runs
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SendDueAsync(stoppingToken) > 0)
                {
                    // more may be due
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "The invitation outbox pass failed; it tries again in {Seconds} s", options.Value.PollSeconds);
            }
            try
            {
                await signal.WaitAsync(options.Value.Poll, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass: claims up to a batch of due messages and sends them; returns how many it claimed.</summary>
    internal async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        // Without a mail server, messages stay queued; the lists say why.
        if (await settings.GetConfigurationAsync(cancellationToken) is not { } configuration)
        {
            return 0;
        }
        var now = time.GetUtcNow();
        var until = now + options.Value.Lease;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var due = await Due(db.OutboxMessages, now).OrderBy(m => m.NextAttemptAt).Select(m => m.Id)
            .Take(options.Value.BatchSize).ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }
        // The claim: another instance that read the same ids finds them leased and updates none of them.
        await Due(db.OutboxMessages, now).Where(m => due.Contains(m.Id)).ExecuteUpdateAsync(set => set
            .SetProperty(m => m.LeaseOwner, Instance).SetProperty(m => m.LeaseUntil, until), cancellationToken);
        var claimed = await db.OutboxMessages.Where(m => due.Contains(m.Id) && m.LeaseOwner == Instance && m.LeaseUntil == until && m.State == OutboxState.Queued)
            .ToListAsync(cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }
        var template = (await templates.GetAsync(cancellationToken)).Text;
        var inviteSettings = await db.InviteSettings.AsNoTracking().OrderBy(s => s.Id).FirstOrDefaultAsync(cancellationToken) ?? new InviteSettings();
        var inviteIds = claimed.Select(m => m.InviteId).Distinct().ToList();
        var invites = await db.Invites.AsNoTracking().Where(i => inviteIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        foreach (var message in claimed)
        {
            // Renewed before each send: slow deliveries earlier in this pass must not let the claim lapse while another instance takes it.
            var renewed = time.GetUtcNow() + options.Value.Lease;
            if (await db.OutboxMessages.Where(m => m.Id == message.Id && m.LeaseOwner == Instance && m.State == OutboxState.Queued)
                    .ExecuteUpdateAsync(set => set.SetProperty(m => m.LeaseUntil, renewed), cancellationToken) == 0)
            {
                continue;
            }
            var result = await SendAsync(message, invites.GetValueOrDefault(message.InviteId), configuration, template, inviteSettings, cancellationToken);
            Record(db, message, invites.GetValueOrDefault(message.InviteId), result);
            await db.SaveChangesAsync(cancellationToken);
        }
        return claimed.Count;
    }

    private static IQueryable<OutboxMessage> Due(IQueryable<OutboxMessage> messages, DateTimeOffset now) =>
        messages.Where(m => m.State == OutboxState.Queued && m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now));

    private async Task<EmailSendResult> SendAsync(OutboxMessage message, Invite? invite, EmailConfiguration configuration,
        InvitationTemplateText template, InviteSettings inviteSettings, CancellationToken cancellationToken)
    {
        if (invite is null || !InvitationOutbox.Sendable(invite, time.GetUtcNow()))
        {
            var status = invite is null ? "deleted" : InviteService.Describe(invite.StatusAt(time.GetUtcNow()));
            return new(EmailDelivery.PermanentFailure, $"Not sent: the invite is {status}.");
        }
        if (!Uri.TryCreate(message.BaseUrl + "/", UriKind.Absolute, out var portalBase))
        {
            return new(EmailDelivery.PermanentFailure, "Not sent: the message does not say which address the portal has. Send the invitation again.");
        }
        if (codes.TryUrlFor(invite, portalBase) is not { } link)
        {
            return new(EmailDelivery.PermanentFailure,
                "Not sent: this server's keys cannot read the invite's link (the key ring changed). Re-issue the invite and send it again.");
        }
        var mail = InvitationComposer.Compose(new(configuration, template, invite, inviteSettings, message, link), time.GetUtcNow());
        return await sender.SendAsync(configuration.Endpoint, mail, cancellationToken);
    }

    /// <summary>Stores the outcome (sent, retry later, or failed) with the server's answer, and audits the attempt without the link.</summary>
    private void Record(ApplicationDbContext db, OutboxMessage message, Invite? invite, EmailSendResult result)
    {
        var now = time.GetUtcNow();
        var retries = options.Value.RetryMinutes;
        message.Attempts++;
        message.LeaseOwner = null;
        message.LeaseUntil = null;
        message.LastAnswer = Cut(result.Sent ? result.ServerAnswer ?? result.Message : result.Message);
        string outcome;
        if (result.Sent)
        {
            (message.State, message.SentAt, outcome) = (OutboxState.Sent, now, "ok");
        }
        else if (result.Delivery == EmailDelivery.TemporaryFailure && message.Attempts <= retries.Length)
        {
            message.NextAttemptAt = now.AddMinutes(retries[message.Attempts - 1]);
            outcome = "retry";
        }
        else
        {
            (message.State, outcome) = (OutboxState.Failed, "failed");
        }
        AuditLog.Stage(db, new AuditEntry
        {
            Kind = AuditKinds.InvitationSendAttempt, Actor = message.QueuedBy, ActorRole = "outbox", InviteId = message.InviteId,
            RoomId = invite?.RoomId, DisplayName = invite?.DisplayName, UserId = invite?.UserId, Outcome = outcome == "ok" ? "ok" : "failed",
            Detail = $"To {message.Recipient}, attempt {message.Attempts}" +
                (outcome == "retry" ? $", retrying at {message.NextAttemptAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "") + $": {result.Message}",
        }, now);
        logger.LogInformation("Invitation e-mail {MessageId} for invite {InviteId} to {Recipient}, attempt {Attempt}: {Outcome}",
            message.MessageId, message.InviteId, message.Recipient, message.Attempts, outcome);
    }

    private static string Cut(string text) => text.Length <= OutboxMessage.AnswerMaxLength ? text : text[..OutboxMessage.AnswerMaxLength];
}
