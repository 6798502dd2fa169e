using AdminPortal.Audit;

namespace AdminPortal.Attendance;

/// <summary>A join token the portal handed out (a direct link, or one use of an invite), as the audit trail recorded it.</summary>
public sealed record Admission(long AuditId, string Kind, string RoomId, string UserId, DateTimeOffset IssuedAt, string? DisplayName,
    bool IsAdmin, bool IsHidden, int? InviteId, string IssuedBy)
{
    public bool IsInviteUse => Kind == AuditKinds.InviteUsed;

    /// <summary>"direct link from maria@example.org" or "invite #12 from maria@example.org".</summary>
    public string Describe() => IsInviteUse ? $"invite #{InviteId} from {IssuedBy}" : $"direct link from {IssuedBy}";

    /// <summary>The CSV's kind column.</summary>
    public string KindName => IsInviteUse ? "invite" : "direct link";
}

/// <summary>A stay in a room with the token that let the person in, or null when the portal issued none (they got in another way).</summary>
public sealed record Attended(Presence Presence, Admission? Admission);

/// <summary>
/// Ties each presence to the token issued for that user id in that room most recently before the join (issue 13). A user id
/// issued twice (a re-sent link) matches the later token from then on; an open invite gives every visitor a user id of their own.
/// </summary>
public static class AdmissionMatch
{
    /// <summary>plugNmeet's clock and the portal's may differ a little; a join this much "before" its token still matches it.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    public static IReadOnlyList<Attended> Match(IEnumerable<Presence> presences, IEnumerable<Admission> admissions)
    {
        var byKey = admissions.GroupBy(a => (a.RoomId, a.UserId))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.IssuedAt).ThenByDescending(a => a.AuditId).ToList());
        return presences.Select(p => new Attended(p, For(byKey.GetValueOrDefault((p.RoomId, p.UserId)), p.At))).ToList();
    }

    /// <summary>The latest of <paramref name="newestFirst"/> issued before <paramref name="at"/> (allowing for clock skew).</summary>
    public static Admission? For(IReadOnlyList<Admission>? newestFirst, DateTimeOffset? at) =>
        newestFirst?.FirstOrDefault(a => at is not { } time || a.IssuedAt <= time + ClockSkew);
}
