using System.Globalization;

namespace AdminPortal.Invites;

/// <summary>The words that go with an invite link: the invitation to paste or share, and a <c>mailto:</c> with it filled in.</summary>
public static class InvitationText
{
    /// <summary>"You are invited to …", who for, until when, and the link last.</summary>
    public static string For(Invite invite, string url) =>
        $"You are invited to {RoomName(invite)}.\n" +
        (invite.Kind == InviteKind.Personal ? $"For: {invite.DisplayName}\n" : "Open this link and enter your name.\n") +
        $"Valid until: {Utc(invite.ValidUntil, "d MMMM yyyy, HH:mm")}\n" +
        (invite.MaxUses == 1 ? "This link works once.\n" : "") + url;

    /// <summary>The e-mail subject: "Invitation to Board".</summary>
    public static string Subject(Invite invite) => $"Invitation to {RoomName(invite)}";

    /// <summary>A <c>mailto:</c> link with no recipient, the subject and the invitation (with its link) as the body.</summary>
    public static string Mailto(Invite invite, string url) =>
        $"mailto:?subject={Uri.EscapeDataString(Subject(invite))}&body={Uri.EscapeDataString(For(invite, url).Replace("\n", "\r\n", StringComparison.Ordinal))}";

    /// <summary>Both ends of the validity: "Valid from 2 Mar 2026, 09:30 until 5 Mar 2026, 09:30 UTC".</summary>
    public static string Validity(Invite invite) =>
        $"Valid from {invite.ValidFrom.UtcDateTime.ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture)} until {Utc(invite.ValidUntil, "d MMM yyyy, HH:mm")}";

    /// <summary>"Board" (the title) or the room id when it has none.</summary>
    public static string RoomName(Invite invite) => string.IsNullOrWhiteSpace(invite.RoomTitle) ? invite.RoomId : invite.RoomTitle;

    /// <summary>Who the invite is for: "Kim Chair (kim)" or "anyone with the link".</summary>
    public static string ForWhom(Invite invite) => invite.Kind == InviteKind.Personal ? $"{invite.DisplayName} ({invite.UserId})" : "anyone with the link";

    private static string Utc(DateTimeOffset value, string format) => value.UtcDateTime.ToString(format, CultureInfo.InvariantCulture) + " UTC";
}
