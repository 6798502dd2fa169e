using System.Text.RegularExpressions;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Attendance;

/// <summary>One use of an invite (who opened it, when) and what came of it in the room.</summary>
public sealed record InviteVisit(Admission Use, IReadOnlyList<Presence> Presences)
{
    public bool InRoomNow => Presences.Any(p => p.InRoomNow);

    public DateTimeOffset? FirstJoin => Presences.Min(p => p.JoinedAt);
}

/// <summary>A room's sessions, and who was in the chosen one with the token that let them in.</summary>
public sealed record RoomAttendance(IReadOnlyList<RoomSession> Sessions, RoomSession? Session, IReadOnlyList<Attended> People,
    IReadOnlyList<Admission> Admissions)
{
    public static RoomAttendance Empty { get; } = new([], null, [], []);

    /// <summary>
    /// Who let this user id into the room: the token matched to their stay in this session, else (no webhooks reached the portal)
    /// the last token issued for them in this room.
    /// </summary>
    public Admission? LetIn(string userId) =>
        People.LastOrDefault(p => p.Presence.UserId == userId && p.Admission is not null)?.Admission
        ?? Admissions.Where(a => a.UserId == userId).MaxBy(a => a.IssuedAt);
}

/// <summary>
/// Attendance from the stored webhook events (<see cref="AttendanceFold"/>) tied to the tokens in the audit trail
/// (<see cref="AdmissionMatch"/>). Read when a page asks, so it is never out of step with what has been received.
/// </summary>
public sealed partial class AttendanceService(IDbContextFactory<ApplicationDbContext> databases, TimeProvider time)
{
    /// <summary>Events older than the oldest token asked about by this much are not needed to place its stays.</summary>
    private static readonly TimeSpan Lookback = TimeSpan.FromDays(1);

    /// <summary>Tokens issued this long before a session began (or before now) can have let its people in.</summary>
    private static readonly TimeSpan RoomLookback = TimeSpan.FromDays(7);

    /// <summary>Stays that each direct link or invite use (by audit entry id) led to, in joining order.</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<Presence>>> ForAdmissionsAsync(IReadOnlyCollection<long> auditIds,
        CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var ids = auditIds.ToList();
        var asked = await Issued(db).Where(a => ids.Contains(a.Id)).ToListAsync(cancellationToken);
        var attended = await AttendedAsync(db, asked, cancellationToken);
        return Group(attended, auditIds);
    }

    /// <summary>Each use of the invites, oldest first, with the stays it led to.</summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<InviteVisit>>> ForInvitesAsync(IReadOnlyCollection<int> inviteIds,
        CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var ids = inviteIds.ToList();
        var uses = await Issued(db).Where(a => a.Kind == AuditKinds.InviteUsed && a.InviteId != null && ids.Contains(a.InviteId.Value))
            .ToListAsync(cancellationToken);
        var attended = await AttendedAsync(db, uses, cancellationToken);
        var byUse = Group(attended, uses.Select(u => u.Id).ToList());
        var admissions = await AdmissionsAsync(db, uses, cancellationToken);
        return admissions.Where(a => a.InviteId is not null).GroupBy(a => a.InviteId!.Value)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<InviteVisit>)g.OrderBy(a => a.IssuedAt)
                .Select(a => new InviteVisit(a, byUse.GetValueOrDefault(a.AuditId, []))).ToList());
    }

    /// <summary>
    /// The room's sessions (newest first) and the people in session <paramref name="sid"/> (null: the newest), each with the
    /// token that let them in or none.
    /// </summary>
    public async Task<RoomAttendance> ForRoomAsync(string roomId, string? sid = null, CancellationToken cancellationToken = default) =>
        (await RoomHistoryAsync(roomId, sid, cancellationToken)).Attendance;

    private async Task<RoomHistory> RoomHistoryAsync(string roomId, string? sid, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // A room used daily gathers thousands of events: read its session events and one session's people, not all of them.
        var roomEvents = await Events(db.WebhookEvents.Where(e => e.RoomId == roomId && e.UserId == null)).ToListAsync(cancellationToken);
        var seen = await db.WebhookEvents.AsNoTracking().Where(e => e.RoomId == roomId && e.RoomSid != null)
            .GroupBy(e => e.RoomSid!)
            .Select(g => new
            {
                Sid = g.Key, First = g.Min(e => e.ReceivedAt), Last = g.Max(e => e.ReceivedAt),
                People = g.Where(e => e.UserId != null).Select(e => e.UserId).Distinct().Count(),
            })
            .ToListAsync(cancellationToken);
        var chosen = sid ?? seen.MaxBy(s => s.Last)?.Sid;
        var people = chosen is null ? [] : await Events(db.WebhookEvents.Where(e => e.RoomSid == chosen && e.RoomId == roomId && e.UserId != null))
            .ToListAsync(cancellationToken);
        var facts = AttendanceFold.Fold(roomEvents.Concat(people));
        // Sessions whose room_started and room_finished were both dropped are known from their people's events alone.
        var sessions = facts.Sessions.Concat(seen.Where(s => facts.Sessions.All(f => f.Sid != s.Sid)).Select(s => new RoomSession(roomId, s.Sid, s.First, null, 0)))
            .OrderByDescending(s => s.StartedAt).ToList();
        var session = chosen is null ? null : sessions.FirstOrDefault(s => s.Sid == chosen);
        var since = (session?.StartedAt ?? time.GetUtcNow()) - RoomLookback;
        var entries = await Issued(db).Where(a => a.RoomId == roomId && a.TimeUtc >= since).ToListAsync(cancellationToken);
        var admissions = await AdmissionsAsync(db, entries, cancellationToken);
        var attended = session is null ? [] : AdmissionMatch.Match(facts.Presences.Where(p => p.RoomSid == session.Sid), admissions);
        return new(new(sessions, session, attended, admissions), seen.ToDictionary(s => s.Sid, s => s.People, StringComparer.Ordinal));
    }

    /// <summary>Token entries attendance can match: direct links and invite uses that were handed out.</summary>
    private static IQueryable<AuditEntry> Issued(ApplicationDbContext db) => db.AuditEntries.AsNoTracking()
        .Where(a => (a.Kind == AuditKinds.LinkIssued || a.Kind == AuditKinds.InviteUsed) && a.Outcome == "ok" && a.RoomId != null && a.UserId != null);

    // Everything the fold needs, not the stored body.
    private static IQueryable<WebhookEvent> Events(IQueryable<WebhookEvent> query) => query.AsNoTracking().Select(e => new WebhookEvent
    {
        Id = e.Id, EventId = e.EventId, Event = e.Event, RoomId = e.RoomId, RoomSid = e.RoomSid, UserId = e.UserId, UserName = e.UserName,
        ParticipantSid = e.ParticipantSid, ParticipantJoinedAt = e.ParticipantJoinedAt, Hidden = e.Hidden, CreatedAt = e.CreatedAt,
        ReceivedAt = e.ReceivedAt, NumDropped = e.NumDropped,
    });

    /// <summary>
    /// The stays of the rooms and user ids of <paramref name="asked"/>, each matched against every token issued for that room and
    /// user id (a later token for the same user id takes over), plus the room's session events that close stays.
    /// </summary>
    private static async Task<IReadOnlyList<Attended>> AttendedAsync(ApplicationDbContext db, IReadOnlyList<AuditEntry> asked,
        CancellationToken cancellationToken)
    {
        if (asked.Count == 0)
        {
            return [];
        }
        var rooms = asked.Select(a => a.RoomId!).Distinct().ToList();
        var users = asked.Select(a => a.UserId!).Distinct().ToList();
        var since = asked.Min(a => a.TimeUtc) - Lookback;
        var events = await Events(db.WebhookEvents.Where(e => e.RoomId != null && rooms.Contains(e.RoomId)
                && (e.UserId == null || users.Contains(e.UserId)) && e.ReceivedAt >= since))
            .ToListAsync(cancellationToken);
        var entries = await Issued(db).Where(a => rooms.Contains(a.RoomId!) && users.Contains(a.UserId!) && a.TimeUtc >= since)
            .ToListAsync(cancellationToken);
        var facts = AttendanceFold.Fold(events);
        return AdmissionMatch.Match(facts.Presences, await AdmissionsAsync(db, entries, cancellationToken));
    }

    private static Dictionary<long, IReadOnlyList<Presence>> Group(IReadOnlyList<Attended> attended, IReadOnlyCollection<long> auditIds) =>
        attended.Where(a => a.Admission is { } admission && auditIds.Contains(admission.AuditId))
            .GroupBy(a => a.Admission!.AuditId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Presence>)g.Select(a => a.Presence).ToList());

    /// <summary>The entries as admissions, with the staff member behind each invite use (who created the invite).</summary>
    private static async Task<IReadOnlyList<Admission>> AdmissionsAsync(ApplicationDbContext db, IReadOnlyList<AuditEntry> entries,
        CancellationToken cancellationToken)
    {
        var inviteIds = entries.Where(e => e.InviteId is not null).Select(e => e.InviteId!.Value).Distinct().ToList();
        var creators = inviteIds.Count == 0 ? [] : await db.Invites.AsNoTracking().Where(i => inviteIds.Contains(i.Id))
            .ToDictionaryAsync(i => i.Id, i => i.CreatedBy, cancellationToken);
        return entries.Select(e => new Admission(e.Id, e.Kind, e.RoomId!, e.UserId!, e.TimeUtc, e.DisplayName, e.IsAdmin == true, e.IsHidden == true,
            e.InviteId, e.Kind == AuditKinds.InviteUsed ? (e.InviteId is { } id ? creators.GetValueOrDefault(id) : null) ?? InviteCreator(e.Actor) : e.Actor)).ToList();
    }

    // Uses recorded before invites carried their id name the creator in the actor: "invite #12 by maria@example.org".
    private static string InviteCreator(string actor) => InviteActor().Match(actor) is { Success: true } m ? m.Groups[1].Value : actor;

    [GeneratedRegex(@"^invite #\d+ by (.+)$")]
    private static partial Regex InviteActor();
}
