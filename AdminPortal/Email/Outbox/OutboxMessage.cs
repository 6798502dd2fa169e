namespace AdminPortal.Email.Outbox;

/// <summary>Where an invitation e-mail stands: waiting (first try or a retry), handed to the SMTP server, or given up.</summary>
public enum OutboxState { Queued, Sent, Failed }

/// <summary>
/// One invitation e-mail waiting in the database until a portal instance sends it, so a restart loses nothing. It holds the
/// recipient and the invite, never the link: the message is composed when it is sent, from the invite's sealed code.
/// An instance claims a message by setting <see cref="LeaseOwner"/> and <see cref="LeaseUntil"/> in one conditional update,
/// so with several instances each message is sent by one.
/// </summary>
public sealed class OutboxMessage
{
    public const int AnswerMaxLength = 1000;
    public const int BaseUrlMaxLength = 500;

    public long Id { get; set; }
    public int InviteId { get; set; }
    public int? BatchId { get; set; }

    /// <summary>
    /// The portal's address as the staff member who queued it reached it (not secret): the link is built on
    /// <c>Invites:PublicBaseUrl</c> when that is set, else on this, because a background sender has no request to ask.
    /// </summary>
    [System.ComponentModel.DataAnnotations.MaxLength(BaseUrlMaxLength)]
    public string BaseUrl { get; set; } = "";

    public required string Recipient { get; set; }
    public string RecipientName { get; set; } = "";

    public OutboxState State { get; set; }
    public int Attempts { get; set; }

    /// <summary>Not before this time: now when queued, later after a temporary failure (backoff).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>The instance sending it now, and until when its claim holds (after that another instance may take it over).</summary>
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>The SMTP server's last answer (e.g. "550 5.1.1 mailbox unavailable"), shown to staff.</summary>
    [System.ComponentModel.DataAnnotations.MaxLength(AnswerMaxLength)]
    public string? LastAnswer { get; set; }

    public DateTimeOffset QueuedAt { get; set; }
    public required string QueuedBy { get; set; }
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The Message-ID header, fixed when queued, so a message sent again after a crash can be recognised as the same.</summary>
    public required string MessageId { get; set; }
}
