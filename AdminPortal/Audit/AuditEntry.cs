namespace AdminPortal.Audit;

public static class AuditKinds
{
    public const string LinkIssued = "link-issued";
    public const string LinkRefused = "link-refused";
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string Lockout = "lockout";
    public const string AccountChanged = "account-changed";
    public const string PresetChanged = "preset-changed";
    public const string RoleSettingChanged = "role-setting-changed";
    public const string InviteCreated = "invite-created";
    public const string InviteRefused = "invite-refused";
    public const string InviteChanged = "invite-changed";
    public const string InviteUsed = "invite-used";
    public const string InviteUseRefused = "invite-use-refused";
    public const string PlugNmeetSettingsChanged = "plugnmeet-settings-changed";
    public const string RoomTemplateChanged = "room-template-changed";
    public const string RoomEnded = "room-ended";
    public const string EmailSettingsChanged = "email-settings-changed";
    public const string InvitationTemplateChanged = "invitation-template-changed";
    public const string InvitationQueued = "invitation-queued";
    public const string InvitationSendAttempt = "invitation-send-attempt";
    public const string InviteLinksExported = "invite-links-exported";
    public const string InviteBatchCreated = "invite-batch-created";
    public const string InviteBatchCancelled = "invite-batch-cancelled";
}

/// <summary>One line of the append-only audit trail. Never holds a token, only its SHA-256.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset TimeUtc { get; set; }
    public required string Kind { get; set; }

    /// <summary>Who acted: the staff member's e-mail (or the e-mail typed at a failed sign-in).</summary>
    public string Actor { get; set; } = "";
    public string ActorRole { get; set; } = "";
    public string ClientIp { get; set; } = "";

    public string? RoomId { get; set; }
    public string? DisplayName { get; set; }
    public string? UserId { get; set; }
    public bool? IsAdmin { get; set; }
    public bool? IsHidden { get; set; }
    public string? Locks { get; set; }
    public string? Design { get; set; }
    public string? Preset { get; set; }
    public string? Reason { get; set; }

    /// <summary>The invite this entry is about (its uses, creation and changes), so attendance can be tied to each use.</summary>
    public int? InviteId { get; set; }

    /// <summary>"ok", "refused" or "failed".</summary>
    public string Outcome { get; set; } = "ok";

    /// <summary>Why it was refused or failed (a plugNmeet error, a permission rule), or what changed.</summary>
    public string? Detail { get; set; }

    public DateTimeOffset? TokenExpiresAt { get; set; }
    public string? TokenSha256 { get; set; }
}
