using System.Collections.Concurrent;

namespace AdminPortal.PlugNmeet.Sandbox;

public sealed record SandboxRoom(string RoomId, string Title, string Sid, DateTimeOffset CreatedAt)
{
    public bool Ended { get; set; }

    /// <summary>What room/create stored (defaults when the room was created without settings).</summary>
    public SandboxRoomSettings Settings { get; init; } = SandboxRoomSettings.Defaults;
}

/// <summary>What plugNmeet keeps in NATS for a user after getJoinToken: the join page reads it back.</summary>
public sealed record SandboxParticipant(
    string RoomId, string UserId, string Name, bool IsAdmin, bool IsHidden,
    string? ProfilePic, string? PreferredLang, IReadOnlyDictionary<string, bool> Locks);

/// <summary>
/// In-memory rooms and participants of the built-in sandbox; gone when the portal restarts, as with a real server's sessions.
/// Each change plugNmeet would report by webhook is handed to <paramref name="webhooks"/> under the lock, so they queue in the
/// order they happened; <paramref name="time"/> stamps the changes that have no time of their own (leaving, ending, a new token).
/// </summary>
public sealed class SandboxState(SandboxWebhooks? webhooks = null, TimeProvider? time = null)
{
    /// <summary>What a join page says once its room's session has ended.</summary>
    public const string RoomEndedMessage = "This room has ended.";

    /// <summary>plugNmeet client's <c>max-num-participates-exceeded</c>.</summary>
    public const string RoomFullMessage = "The meeting is full. You cannot join at this time.";

    /// <summary>plugNmeet client's <c>user-info-not-found</c>, with the sandbox's reason.</summary>
    public const string NoUserMessage = "The server has no record of this participant (the room was restarted).";

    private readonly ConcurrentDictionary<string, SandboxRoom> _rooms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Room, string User), SandboxParticipant> _participants = new();
    private readonly Dictionary<(string Room, string User), SandboxPresence> _online = [];
    private readonly HashSet<string> _startedSessions = new(StringComparer.Ordinal); // room sids whose first participant joined
    private readonly Lock _gate = new(); // joins, leaves and ends change rooms and presences together
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _requests;
    private long _joins;

    /// <summary>How many requests reached the sandbox API, signed or not (tests use it to prove nothing was sent).</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    internal void CountRequest() => Interlocked.Increment(ref _requests);

    public SandboxRoom? FindRoom(string roomId) => _rooms.GetValueOrDefault(roomId);

    public IReadOnlyList<SandboxRoom> ActiveRooms => _rooms.Values.Where(r => !r.Ended).OrderBy(r => r.CreatedAt).ToList();

    /// <summary>Idempotent like plugNmeet: an active room is returned as it is, its settings unchanged.</summary>
    internal SandboxRoom CreateRoom(string roomId, string title, DateTimeOffset now, SandboxRoomSettings? settings = null)
    {
        lock (_gate)
        {
            if (_rooms.TryGetValue(roomId, out var existing) && !existing.Ended)
            {
                return existing;
            }
            if (existing is not null)
            {
                RemoveParticipants(existing, SandboxDisconnect.RoomEnded, now); // a new session starts with no users
            }
            var room = new SandboxRoom(roomId, title, Guid.NewGuid().ToString(), now) { Settings = settings ?? SandboxRoomSettings.Defaults };
            _rooms[roomId] = room;
            return room;
        }
    }

    /// <summary>
    /// Ends the room's session: its participants are disconnected (their pages say the room ended) and forgotten; each one's
    /// <c>participant_left</c> is reported, then <c>room_finished</c> if anyone had joined the session.
    /// </summary>
    internal bool EndRoom(string roomId)
    {
        lock (_gate)
        {
            if (_rooms.TryGetValue(roomId, out var room) && !room.Ended)
            {
                var now = _time.GetUtcNow();
                room.Ended = true;
                RemoveParticipants(room, SandboxDisconnect.RoomEnded, now);
                // LiveKit reports room_finished only for a room it started, i.e. one somebody joined.
                if (_startedSessions.Remove(room.Sid))
                {
                    Notify(SandboxNotification.RoomFinished, room, null, now);
                }
                return true;
            }
            return false;
        }
    }

    /// <summary>getJoinToken: stores the user's entry and, as plugNmeet does, disconnects that user id if it is online.</summary>
    internal void AddParticipant(SandboxParticipant participant)
    {
        lock (_gate)
        {
            _participants[(participant.RoomId, participant.UserId)] = participant;
            if (_online.Remove((participant.RoomId, participant.UserId), out var earlier))
            {
                earlier.Disconnect(SandboxDisconnect.Replaced);
                NotifyLeft(earlier, _time.GetUtcNow());
            }
        }
    }

    /// <summary>The user's entry from getJoinToken, or null (never issued, or the session it was issued in has ended).</summary>
    public SandboxParticipant? FindParticipant(string roomId, string userId) =>
        _participants.GetValueOrDefault((roomId, userId));

    /// <summary>
    /// A join page opens: the user joins session <paramref name="roomSid"/> of the room, replacing their earlier presence there.
    /// Refused (with the client's words) when that session has ended, the user has no entry, or the room is at max_participants.
    /// </summary>
    public SandboxJoinResult Join(string roomId, string roomSid, string userId, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (FindRoom(roomId) is not { Ended: false } room || room.Sid != roomSid)
            {
                return new(null, RoomEndedMessage);
            }
            if (FindParticipant(roomId, userId) is not { } user)
            {
                return new(null, NoUserMessage);
            }
            // plugNmeet-server pkg/controllers/auth.go HandleVerifyToken: online users >= max_participants refuses, administrators too.
            var others = _online.Values.Count(p => p.RoomId == roomId && p.UserId != userId);
            if (room.Settings.MaxParticipants is { } max && others >= max)
            {
                return new(null, RoomFullMessage);
            }
            var presence = new SandboxPresence(user, room.Sid, now, room.Settings.WaitingRoom && !user.IsAdmin) { Order = ++_joins };
            if (_online.Remove((roomId, userId), out var earlier))
            {
                earlier.Disconnect(SandboxDisconnect.Replaced);
                NotifyLeft(earlier, now); // the earlier session's leave comes before the new join, as LiveKit reports them
            }
            if (_startedSessions.Add(room.Sid))
            {
                Notify(SandboxNotification.RoomStarted, room, null, now);
            }
            _online[(roomId, userId)] = presence;
            Notify(SandboxNotification.ParticipantJoined, room, presence, now);
            return new(presence, null);
        }
    }

    /// <summary>The participant leaves (page closed, Leave pressed, connection lost); a presence already replaced changes nothing.</summary>
    public void Leave(SandboxPresence presence, SandboxDisconnect reason = SandboxDisconnect.Left)
    {
        lock (_gate)
        {
            var wasOnline = _online.TryGetValue((presence.RoomId, presence.UserId), out var current) && ReferenceEquals(current, presence);
            if (wasOnline)
            {
                _online.Remove((presence.RoomId, presence.UserId));
            }
            presence.Disconnect(reason);
            if (wasOnline)
            {
                NotifyLeft(presence, _time.GetUtcNow());
            }
        }
    }

    /// <summary>Who is in the room now, in joining order.</summary>
    public IReadOnlyList<SandboxPresence> Participants(string roomId)
    {
        lock (_gate)
        {
            return _online.Values.Where(p => p.RoomId == roomId).OrderBy(p => p.Order).ToList();
        }
    }

    /// <summary>The user's open presence in the room, if any.</summary>
    public SandboxPresence? FindPresence(string roomId, string userId)
    {
        lock (_gate)
        {
            return _online.GetValueOrDefault((roomId, userId));
        }
    }

    private void RemoveParticipants(SandboxRoom room, SandboxDisconnect reason, DateTimeOffset now)
    {
        foreach (var key in _participants.Keys.Where(k => k.Room == room.RoomId))
        {
            _participants.TryRemove(key, out _);
        }
        foreach (var (key, presence) in _online.Where(p => p.Key.Room == room.RoomId).OrderBy(p => p.Value.Order).ToList())
        {
            _online.Remove(key);
            presence.Disconnect(reason);
            Notify(SandboxNotification.ParticipantLeft, room, presence, now);
        }
    }

    // Only presences of a room's current session are online, so their room is the one stored under its id.
    private void NotifyLeft(SandboxPresence presence, DateTimeOffset now) =>
        Notify(SandboxNotification.ParticipantLeft, _rooms[presence.RoomId], presence, now);

    // Under the lock, so notifications queue in the order the changes happened; the queue only takes them (no I/O here).
    private void Notify(string eventName, SandboxRoom room, SandboxPresence? presence, DateTimeOffset now) =>
        webhooks?.Enqueue(new SandboxNotification(eventName, room, presence, _online.Keys.Count(k => k.Room == room.RoomId), now));
}
