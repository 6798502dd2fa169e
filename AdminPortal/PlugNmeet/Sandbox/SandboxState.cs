using System.Collections.Concurrent;

namespace AdminPortal.PlugNmeet.Sandbox;

public sealed record SandboxRoom(string RoomId, string Title, string Sid, DateTimeOffset CreatedAt)
{
    public bool Ended { get; set; }
}

/// <summary>What plugNmeet keeps in NATS for a user after getJoinToken: the join page reads it back.</summary>
public sealed record SandboxParticipant(
    string RoomId, string UserId, string Name, bool IsAdmin, bool IsHidden,
    string? ProfilePic, string? PreferredLang, IReadOnlyDictionary<string, bool> Locks);

/// <summary>In-memory rooms and participants of the built-in sandbox; gone when the portal restarts, as with a real server's sessions.</summary>
public sealed class SandboxState
{
    private readonly ConcurrentDictionary<string, SandboxRoom> _rooms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Room, string User), SandboxParticipant> _participants = new();
    private long _requests;

    /// <summary>How many requests reached the sandbox API, signed or not (tests use it to prove nothing was sent).</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    internal void CountRequest() => Interlocked.Increment(ref _requests);

    public SandboxRoom? FindRoom(string roomId) => _rooms.GetValueOrDefault(roomId);

    public IReadOnlyList<SandboxRoom> ActiveRooms => _rooms.Values.Where(r => !r.Ended).OrderBy(r => r.CreatedAt).ToList();

    /// <summary>Idempotent like plugNmeet: an active room is returned as it is.</summary>
    internal SandboxRoom CreateRoom(string roomId, string title, DateTimeOffset now) =>
        _rooms.AddOrUpdate(roomId,
            id => new SandboxRoom(id, title, Guid.NewGuid().ToString(), now),
            (id, existing) =>
            {
                if (!existing.Ended)
                {
                    return existing;
                }
                RemoveParticipants(id);
                return new SandboxRoom(id, title, Guid.NewGuid().ToString(), now);
            });

    internal bool EndRoom(string roomId)
    {
        if (_rooms.TryGetValue(roomId, out var room) && !room.Ended)
        {
            room.Ended = true;
            RemoveParticipants(roomId);
            return true;
        }
        return false;
    }

    internal void AddParticipant(SandboxParticipant participant) =>
        _participants[(participant.RoomId, participant.UserId)] = participant;

    public SandboxParticipant? FindParticipant(string roomId, string userId) =>
        _participants.GetValueOrDefault((roomId, userId));

    private void RemoveParticipants(string roomId)
    {
        foreach (var key in _participants.Keys.Where(k => k.Room == roomId))
        {
            _participants.TryRemove(key, out _);
        }
    }
}
