using AdminPortal.JoinLinks;

namespace AdminPortal.Invites;

public enum InviteKind
{
    /// <summary>For one person: name and user id are fixed.</summary>
    Personal,
    /// <summary>For a group: each visitor types a name and gets a fresh user id.</summary>
    Open,
}

public enum InviteStatus { Active, NotYetValid, Expired, Revoked, UsedUp }

/// <summary>
/// A portal-hosted link <c>/j/{code}</c> that mints a fresh plugNmeet token on every use. The code is looked up by its
/// SHA-256; the database never holds it in the clear.
/// </summary>
public sealed class Invite
{
    public int Id { get; set; }
    public required string CodeHash { get; set; }

    /// <summary>The code encrypted with ASP.NET Data Protection (whose keys live outside the database), so staff can show the QR again.</summary>
    public required string SealedCode { get; set; }

    public InviteKind Kind { get; set; }
    public required string RoomId { get; set; }
    public string RoomTitle { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string UserId { get; set; } = "";
    public bool IsAdmin { get; set; }
    public bool IsHidden { get; set; }
    public string AvatarUrl { get; set; } = "";
    public List<string> Locks { get; set; } = [];
    public string PreferredLanguage { get; set; } = "";
    public Dictionary<string, string> Design { get; set; } = [];
    public string? Preset { get; set; }

    /// <summary>The preset's id when it was made from one: a room this invite starts uses that preset's template (issue 12).</summary>
    public int? PresetId { get; set; }
    public string? Reason { get; set; }

    public DateTimeOffset ValidFrom { get; set; }
    public DateTimeOffset ValidUntil { get; set; }

    /// <summary>Null: unlimited.</summary>
    public int? MaxUses { get; set; }
    public int Uses { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    public required string CreatedBy { get; set; }
    public required string CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Why plugNmeet last refused a use of this invite (a validation error, a blocked user), shown to staff; null once a use succeeds.</summary>
    public string? LastRefusal { get; set; }
    public DateTimeOffset? LastRefusalAt { get; set; }

    /// <summary>When staff re-issued this invite: the invite that replaced it (new code, same settings).</summary>
    public int? ReplacedById { get; set; }

    /// <summary>The bulk batch it was created in, if any (<see cref="Bulk.InviteBatch"/>).</summary>
    public int? BatchId { get; set; }

    /// <summary>The invited person's e-mail address, for sending the invitation; null: none known.</summary>
    [System.ComponentModel.DataAnnotations.MaxLength(EmailMaxLength)]
    public string? Email { get; set; }

    public const int EmailMaxLength = 254;

    /// <summary>When the meeting starts and ends, if staff said so: the invitation e-mail then carries a calendar file.</summary>
    public DateTimeOffset? StartsAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }

    public InviteStatus StatusAt(DateTimeOffset now) =>
        RevokedAt is not null ? InviteStatus.Revoked
        : now < ValidFrom ? InviteStatus.NotYetValid
        : now >= ValidUntil ? InviteStatus.Expired
        : MaxUses is { } max && Uses >= max ? InviteStatus.UsedUp
        : InviteStatus.Active;

    /// <summary>The generator form this invite stands for; open invites get the visitor's name and a fresh user id.</summary>
    public JoinLinkForm ToForm(string? visitorName = null)
    {
        var form = new JoinLinkForm
        {
            RoomId = RoomId, RoomTitle = RoomTitle, IsAdmin = IsAdmin, IsHidden = IsHidden, AvatarUrl = AvatarUrl,
            PreferredLanguage = PreferredLanguage, Reason = Reason ?? "", PresetId = PresetId,
            DisplayName = Kind == InviteKind.Open ? visitorName ?? "" : DisplayName,
            UserId = Kind == InviteKind.Open ? UserIdGenerator.Create(visitorName) : UserId,
        };
        form.Locks.Clear();
        form.Locks.UnionWith(Locks);
        foreach (var (key, value) in Design)
        {
            form.Design[key] = value;
        }
        return form;
    }
}

/// <summary>Invite rules an Administrator sets on the Invites page.</summary>
public sealed class InviteSettings
{
    public int Id { get; set; }
    public int MaxValidDays { get; set; } = 30;

    /// <summary>Shown on the "this invite cannot be used" pages, e.g. "Call the helpdesk on 0123 456".</summary>
    public string ContactText { get; set; } = "Ask the person who invited you for a new link.";

    public const int OrganisationNameMaxLength = 100;
    public const int LogoUrlMaxLength = 500;

    /// <summary>The organisation's name on the public /j/ pages; empty: none shown.</summary>
    [System.ComponentModel.DataAnnotations.MaxLength(OrganisationNameMaxLength)]
    public string OrganisationName { get; set; } = "";

    /// <summary>An https address of the organisation's logo for the public /j/ pages; null: none.</summary>
    [System.ComponentModel.DataAnnotations.MaxLength(LogoUrlMaxLength)]
    public string? LogoUrl { get; set; }
}
