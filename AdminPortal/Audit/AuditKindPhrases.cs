namespace AdminPortal.Audit;

/// <summary>
/// The words the audit page shows for each <see cref="AuditKinds"/> code. The CSV export keeps the codes, which stay stable for
/// scripts; these phrases are for people reading the page.
/// </summary>
public static class AuditKindPhrases
{
    /// <summary>Every code with its phrase, in the order the event filter lists them.</summary>
    public static IReadOnlyList<(string Kind, string Phrase)> All { get; } =
    [
        (AuditKinds.LinkIssued, "Link issued"),
        (AuditKinds.LinkRefused, "Link refused"),
        (AuditKinds.SignIn, "Signed in"),
        (AuditKinds.SignInFailed, "Sign-in failed"),
        (AuditKinds.Lockout, "Account locked"),
        (AuditKinds.AccountChanged, "Account changed"),
        (AuditKinds.PresetChanged, "Preset changed"),
        (AuditKinds.RoleSettingChanged, "Role setting changed"),
        (AuditKinds.InviteCreated, "Invite created"),
        (AuditKinds.InviteRefused, "Invite refused"),
        (AuditKinds.InviteChanged, "Invite changed"),
        (AuditKinds.InviteUsed, "Invite used"),
        (AuditKinds.InviteUseRefused, "Invite use refused"),
        (AuditKinds.PlugNmeetSettingsChanged, "plugNmeet connection changed"),
        (AuditKinds.RoomEnded, "Room ended"),
        (AuditKinds.RoomTemplateChanged, "Room template changed"),
        (AuditKinds.EmailSettingsChanged, "E-mail settings changed"),
        (AuditKinds.InvitationTemplateChanged, "Invitation e-mail changed"),
        (AuditKinds.InvitationQueued, "Invitation e-mail queued"),
        (AuditKinds.InvitationSendAttempt, "Invitation e-mail send attempt"),
        (AuditKinds.InviteLinksExported, "Invite links exported"),
        (AuditKinds.InviteBatchCreated, "Invite batch created"),
        (AuditKinds.InviteBatchCancelled, "Invite batch cancelled"),
    ];

    private static readonly Dictionary<string, string> Phrases = All.ToDictionary(p => p.Kind, p => p.Phrase, StringComparer.Ordinal);

    /// <summary>The phrase for <paramref name="kind"/>; a code without one (written by a newer version) is shown as it is.</summary>
    public static string Describe(string kind) => Phrases.GetValueOrDefault(kind, kind);
}
