namespace AdminPortal.Invites;

/// <summary>
/// A use of an invite reserved while its token is being fetched. The reservation already counts in <see cref="Invite.Uses"/>;
/// it is confirmed (deleted, together with the audit entry of the use) once the token is issued, or released (deleted and the use
/// given back) when the token could not be issued or the process died before <see cref="ExpiresAt"/>.
/// </summary>
public sealed class InviteUseLease
{
    public long Id { get; set; }
    public int InviteId { get; set; }
    public DateTimeOffset ReservedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
