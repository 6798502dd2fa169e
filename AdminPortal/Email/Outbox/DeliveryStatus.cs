using System.Globalization;

namespace AdminPortal.Email.Outbox;

/// <summary>An invite's latest invitation e-mail, as the invites list shows it.</summary>
public sealed record DeliveryStatus(OutboxState State, string Recipient, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastAnswer)
{
    /// <summary>
    /// "queued", "waiting: e-mail is not set up", "retrying at 09:31 UTC (451 …)", "sent at …", "failed: 550 …", in words.
    /// <paramref name="blockedBecause"/>: why nothing can be sent now (no SMTP settings, no public address), or null.
    /// </summary>
    public string Describe(string? blockedBecause) => State switch
    {
        OutboxState.Sent => $"Sent to {Recipient} at {Utc(SentAt ?? NextAttemptAt)}",
        OutboxState.Failed => $"Failed ({Recipient}): {LastAnswer}",
        _ when blockedBecause is not null => $"Waiting: {blockedBecause}",
        _ when Attempts > 0 => $"Retrying at {Utc(NextAttemptAt)} ({Recipient}; last answer: {LastAnswer})",
        _ => $"Queued for {Recipient}",
    };

    /// <summary>The short badge word: queued, waiting, retrying, sent or failed.</summary>
    public string Badge(string? blockedBecause) => State switch
    {
        OutboxState.Sent => "sent",
        OutboxState.Failed => "failed",
        _ when blockedBecause is not null => "waiting",
        _ when Attempts > 0 => "retrying",
        _ => "queued",
    };

    private static string Utc(DateTimeOffset value) => value.UtcDateTime.ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture) + " UTC";
}

/// <summary>A batch's invitation e-mails: rows with and without an address, and where their latest messages stand.</summary>
public sealed record BatchDeliverySummary(int WithEmail, int WithoutEmail, int Queued, int Sent, int Failed);

/// <summary>What queueing did: how many were queued, and how many were left out and why.</summary>
public sealed record QueueResult(int Queued, int WithoutEmail, int NotSendable, int AlreadyQueued, string? Error = null)
{
    public string Describe() => Error ?? string.Join(" ", new[]
    {
        $"{Queued} invitation{(Queued == 1 ? "" : "s")} queued.",
        WithoutEmail > 0 ? $"{WithoutEmail} without an e-mail address skipped." : null,
        NotSendable > 0 ? $"{NotSendable} not sent: revoked, expired, used up or not yours." : null,
        AlreadyQueued > 0 ? $"{AlreadyQueued} already waiting to be sent." : null,
    }.Where(s => s is not null));
}
