using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Attendance;

/// <summary>What the rooms console shows of a room's attendance: who let each person in, and every session with how many came.</summary>
public sealed record RoomHistory(RoomAttendance Attendance, IReadOnlyDictionary<string, int> PeoplePerSession)
{
    public static RoomHistory Empty { get; } = new(RoomAttendance.Empty, new Dictionary<string, int>());

    /// <summary>How many different people (user ids) were in the session, as the webhooks tell it.</summary>
    public int PeopleIn(RoomSession session) => PeoplePerSession.GetValueOrDefault(session.Sid);
}

public sealed partial class AttendanceService
{
    /// <summary>
    /// The room's attendance for session <paramref name="sid"/> (null: the newest) as <see cref="ForRoomAsync"/> gives it, plus the
    /// number of people in each of its sessions; the room's events are read and folded once.
    /// </summary>
    public async Task<RoomHistory> ForRoomConsoleAsync(string roomId, string? sid, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var facts = AttendanceFold.Fold(await Events(db.WebhookEvents.Where(e => e.RoomId == roomId)).ToListAsync(cancellationToken));
        var admissions = await AdmissionsAsync(db, await Issued(db).Where(a => a.RoomId == roomId).ToListAsync(cancellationToken), cancellationToken);
        var newestFirst = facts.Sessions.OrderByDescending(s => s.StartedAt).ToList();
        var chosen = newestFirst.FirstOrDefault(s => sid is null || s.Sid == sid);
        var people = chosen is null ? [] : AdmissionMatch.Match(facts.Presences.Where(p => p.RoomSid == chosen.Sid), admissions);
        var perSession = facts.Presences.Where(p => p.RoomSid is not null).GroupBy(p => p.RoomSid!)
            .ToDictionary(g => g.Key, g => g.Select(p => p.UserId).Distinct(StringComparer.Ordinal).Count());
        return new(new RoomAttendance(newestFirst, chosen, people, admissions), perSession);
    }
}
