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
    /// number of people in each of its sessions (counted by the database, not by reading every event).
    /// </summary>
    public Task<RoomHistory> ForRoomConsoleAsync(string roomId, string? sid, CancellationToken cancellationToken = default) =>
        RoomHistoryAsync(roomId, sid, cancellationToken);
}
