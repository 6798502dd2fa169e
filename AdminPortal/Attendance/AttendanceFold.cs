using AdminPortal.Webhooks;

namespace AdminPortal.Attendance;

/// <summary>How a stay in a room ended.</summary>
public enum PresenceEnd
{
    /// <summary>Still in the room as far as plugNmeet has told.</summary>
    InRoom,

    /// <summary>plugNmeet reported the participant leaving.</summary>
    Left,

    /// <summary>The room's session finished with the participant still in it.</summary>
    RoomEnded,

    /// <summary>No leave was reported, but the same user id joined again (a user id is in a room once) or a later session started.</summary>
    NotReported,
}

/// <summary>One connection of one participant to one session of a room (LiveKit's participant sid), as the webhooks tell it.</summary>
public sealed record Presence(string RoomId, string? RoomSid, string UserId, string? Name, DateTimeOffset? JoinedAt, DateTimeOffset? LeftAt,
    PresenceEnd End, bool? Hidden)
{
    public bool InRoomNow => End == PresenceEnd.InRoom;

    /// <summary>How long they stayed (until now while in the room), or null when the join was never reported.</summary>
    public TimeSpan? Duration(DateTimeOffset now) => JoinedAt is { } joined ? ((LeftAt ?? now) - joined) is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero : null;

    /// <summary>When the stay began as far as known: the join, else (a dropped join) the leave.</summary>
    public DateTimeOffset? At => JoinedAt ?? LeftAt;
}

/// <summary>One session of a room (plugNmeet's room <c>sid</c>), from <c>room_started</c> to <c>room_finished</c>.</summary>
public sealed record RoomSession(string RoomId, string Sid, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, int DroppedEvents)
{
    public bool Running => EndedAt is null;
}

/// <summary>What a room's stored webhook events add up to.</summary>
public sealed record AttendanceFacts(IReadOnlyList<RoomSession> Sessions, IReadOnlyList<Presence> Presences)
{
    public static AttendanceFacts Empty { get; } = new([], []);
}

/// <summary>
/// Works out sessions and presences from stored webhook events, whatever order they arrived in and with some missing: a join and
/// its leave pair up by participant sid, times come from plugNmeet's <c>created_at</c> (a leave also carries <c>joined_at</c>),
/// and a stay with no reported end is closed by its session's <c>room_finished</c>, by the user id joining again, or by a later
/// session of the room. The same events always give the same answer, so retries, duplicates and several instances cannot
/// corrupt it.
/// </summary>
public static class AttendanceFold
{
    public const string RoomStarted = "room_started";
    public const string RoomFinished = "room_finished";
    public const string ParticipantJoined = "participant_joined";
    public const string ParticipantLeft = "participant_left";

    /// <summary>plugNmeet's recorder and RTMP bots join rooms as participants; they are not people.</summary>
    private static readonly HashSet<string> Bots = new(StringComparer.Ordinal) { "RECORDER_BOT", "RTMP_BOT" };

    public static AttendanceFacts Fold(IEnumerable<WebhookEvent> events)
    {
        var sessions = new Dictionary<(string Room, string Sid), SessionBuilder>();
        var stays = new Dictionary<string, StayBuilder>(StringComparer.Ordinal);
        foreach (var e in events.OrderBy(e => e.CreatedAt ?? e.ReceivedAt).ThenBy(e => e.ReceivedAt).ThenBy(e => e.Id))
        {
            if (string.IsNullOrEmpty(e.RoomId))
            {
                continue;
            }
            var at = e.CreatedAt ?? e.ReceivedAt;
            var session = string.IsNullOrEmpty(e.RoomSid) ? null
                : sessions.TryGetValue((e.RoomId, e.RoomSid), out var known) ? known
                : sessions[(e.RoomId, e.RoomSid)] = new SessionBuilder(e.RoomId, e.RoomSid);
            if (session is not null)
            {
                session.Dropped += e.NumDropped;
            }
            switch (e.Event)
            {
                case RoomStarted when session is not null:
                    session.StartedAt = Earliest(session.StartedAt, at);
                    break;
                case RoomFinished when session is not null:
                    session.EndedAt = Latest(session.EndedAt, at);
                    break;
                case ParticipantJoined or ParticipantLeft when !string.IsNullOrEmpty(e.UserId) && !Bots.Contains(e.UserId):
                    var stay = StayFor(stays, e);
                    stay.Name ??= e.UserName;
                    stay.Hidden ??= e.Hidden;
                    stay.RoomSid ??= e.RoomSid;
                    if (e.Event == ParticipantJoined)
                    {
                        stay.JoinedAt = Earliest(stay.JoinedAt, e.ParticipantJoinedAt ?? at);
                    }
                    else
                    {
                        stay.JoinedAt ??= e.ParticipantJoinedAt;
                        stay.LeftAt = Latest(stay.LeftAt, at);
                    }
                    break;
            }
        }
        var presences = stays.Values.Select(s => s.Close(sessions, stays.Values)).OrderBy(p => p.At).ToList();
        return new(sessions.Values.Select(s => s.Build(presences)).OrderBy(s => s.StartedAt).ToList(), presences);
    }

    // A join and its leave share the participant sid; without one (an older server), a leave closes the user's latest open stay.
    private static StayBuilder StayFor(Dictionary<string, StayBuilder> stays, WebhookEvent e)
    {
        if (!string.IsNullOrEmpty(e.ParticipantSid))
        {
            var key = e.RoomId + "\n" + e.ParticipantSid; // sids are unique in LiveKit; the room keeps a stray duplicate apart anyway
            return stays.TryGetValue(key, out var stay) ? stay : stays[key] = new(e.RoomId!, e.UserId!);
        }
        if (e.Event == ParticipantLeft && stays.Values.LastOrDefault(s => s.RoomId == e.RoomId && s.UserId == e.UserId && s.LeftAt is null) is { } open)
        {
            return open;
        }
        return stays["event:" + e.EventId] = new(e.RoomId!, e.UserId!);
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;

    private sealed class SessionBuilder(string roomId, string sid)
    {
        public string RoomId { get; } = roomId;
        public string Sid { get; } = sid;
        public DateTimeOffset? StartedAt { get; set; }
        public DateTimeOffset? EndedAt { get; set; }
        public int Dropped { get; set; }

        // A session whose room_started was dropped began no later than its first join.
        public RoomSession Build(IReadOnlyList<Presence> presences) => new(RoomId, Sid,
            StartedAt ?? presences.Where(p => p.RoomId == RoomId && p.RoomSid == Sid).Min(p => p.At), EndedAt, Dropped);
    }

    private sealed class StayBuilder(string roomId, string userId)
    {
        public string RoomId { get; } = roomId;
        public string UserId { get; } = userId;
        public string? RoomSid { get; set; }
        public string? Name { get; set; }
        public bool? Hidden { get; set; }
        public DateTimeOffset? JoinedAt { get; set; }
        public DateTimeOffset? LeftAt { get; set; }

        public Presence Close(Dictionary<(string Room, string Sid), SessionBuilder> sessions, IEnumerable<StayBuilder> all)
        {
            if (LeftAt is not null)
            {
                return Build(LeftAt, PresenceEnd.Left);
            }
            var joined = JoinedAt!.Value; // a stay without a leave was made by its join
            if (RoomSid is not null && sessions.GetValueOrDefault((RoomId, RoomSid))?.EndedAt is { } ended && ended >= joined)
            {
                return Build(ended, PresenceEnd.RoomEnded);
            }
            // The same user id connecting again replaced this connection; a later session means this one ended unreported.
            var rejoined = all.Where(s => s != this && s.RoomId == RoomId && s.UserId == UserId && s.JoinedAt > joined).Min(s => s.JoinedAt);
            var laterSession = sessions.Values.Where(s => s.RoomId == RoomId && s.Sid != RoomSid && s.StartedAt > joined).Min(s => s.StartedAt);
            var end = rejoined is null ? laterSession : laterSession is null ? rejoined : rejoined < laterSession ? rejoined : laterSession;
            return end is null ? Build(null, PresenceEnd.InRoom) : Build(end, PresenceEnd.NotReported);
        }

        private Presence Build(DateTimeOffset? leftAt, PresenceEnd end) => new(RoomId, RoomSid, UserId, Name, JoinedAt, leftAt, end, Hidden);
    }
}
