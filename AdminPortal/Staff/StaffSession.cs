namespace AdminPortal.Staff;

/// <summary>
/// One signed-in browser. The sign-in cookie carries the session's id; signing out ends the session, so a copy of the cookie
/// replayed afterwards is refused.
/// </summary>
public sealed class StaffSession
{
    /// <summary>128 random bits, URL-safe base64.</summary>
    public required string Id { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
}
