namespace AdminPortal.Invites.Bulk;

/// <summary>Where the creation of a batch stands: still running, done, or stopped by staff (what was created stays).</summary>
public enum InviteBatchState { Creating, Created, Cancelled }

/// <summary>
/// Invites created together from one bulk file: one room, preset, validity and maximum uses for all. Listed on
/// <c>/invites</c> as a group that can be revoked or extended together; its invites point back with <see cref="Invite.BatchId"/>.
/// </summary>
public sealed class InviteBatch
{
    public const int NameMaxLength = 200;

    public int Id { get; set; }

    /// <summary>What staff called it (by default the file name), e.g. "Training 3 March".</summary>
    [System.ComponentModel.DataAnnotations.MaxLength(NameMaxLength)]
    public string Name { get; set; } = "";

    public required string RoomId { get; set; }
    public string RoomTitle { get; set; } = "";
    public string? Preset { get; set; }
    public int? PresetId { get; set; }
    public string? Reason { get; set; }

    public DateTimeOffset ValidFrom { get; set; }
    public DateTimeOffset ValidUntil { get; set; }

    /// <summary>Null: unlimited.</summary>
    public int? MaxUses { get; set; }

    /// <summary>When the meeting starts and ends, if staff said so: invitation e-mails then carry a calendar file.</summary>
    public DateTimeOffset? StartsAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }

    /// <summary>Rows staff confirmed, and how many of them became invites so far.</summary>
    public int Requested { get; set; }
    public int Created { get; set; }
    public InviteBatchState State { get; set; }

    public required string CreatedBy { get; set; }
    public required string CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
