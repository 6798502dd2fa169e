namespace AdminPortal.Webhooks;

/// <summary>
/// One verified plugNmeet webhook event, stored as received before anything is made of it (issue 13): the server retries and
/// may drop events, so the event id is unique and attendance is worked out from what is stored, in any order.
/// </summary>
public sealed class WebhookEvent
{
    public const int EventIdMaxLength = 200;
    public const int NameMaxLength = 100;

    public long Id { get; set; }

    /// <summary>plugNmeet's event <c>id</c>; a retried delivery carries the same one.</summary>
    public required string EventId { get; set; }

    /// <summary><c>room_started</c>, <c>participant_joined</c>, <c>participant_left</c>, …</summary>
    public string Event { get; set; } = "";

    public string? RoomId { get; set; }
    public string? RoomSid { get; set; }

    /// <summary>The participant's identity, which is the user id the join token was issued for.</summary>
    public string? UserId { get; set; }

    /// <summary>The participant's name as plugNmeet reported it.</summary>
    public string? UserName { get; set; }

    /// <summary>LiveKit's participant sid (<c>PA_…</c>): one connection, so a join and its leave pair up in any order.</summary>
    public string? ParticipantSid { get; set; }

    /// <summary>The participant's <c>joined_at</c> (also on a leave, so a dropped join still has its time).</summary>
    public DateTimeOffset? ParticipantJoinedAt { get; set; }

    /// <summary>LiveKit's <c>permission.hidden</c> for the participant, when reported.</summary>
    public bool? Hidden { get; set; }

    /// <summary>When plugNmeet made the event (its <c>created_at</c>, unix seconds), when it says.</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>How many events plugNmeet dropped before this one (its queue was full): attendance around here may have gaps.</summary>
    public int NumDropped { get; set; }

    /// <summary>The verified body, exactly as received (UTF-8 JSON).</summary>
    public string Body { get; set; } = "";
}
