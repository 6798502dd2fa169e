namespace AdminPortal.PlugNmeet.Sandbox;

/// <summary>Why a joined participant left the room.</summary>
public enum SandboxDisconnect
{
    /// <summary>They pressed Leave or closed the page.</summary>
    Left,

    /// <summary>The same user id joined again, or a new token was issued for it (plugNmeet's duplicate entry).</summary>
    Replaced,

    /// <summary>endRoom ended the session.</summary>
    RoomEnded,

    /// <summary>The page's connection dropped (it joins again if the connection comes back).</summary>
    ConnectionLost,
}

/// <summary>
/// A participant whose join page is open, as LiveKit lists them in <c>participants_info</c> (sid <c>PA_…</c>, identity = user id).
/// <see cref="Disconnected"/> completes once, with the reason, when they leave, are replaced, or the room ends.
/// </summary>
public sealed class SandboxPresence(SandboxParticipant user, string roomSid, DateTimeOffset joinedAt, bool waitForApproval)
{
    private readonly TaskCompletionSource<SandboxDisconnect> _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Sid { get; } = "PA_" + Guid.NewGuid().ToString("N")[..12];

    public SandboxParticipant User { get; } = user;

    public string RoomId => User.RoomId;

    public string UserId => User.UserId;

    public string Name => User.Name;

    /// <summary>The room session (sid) this presence belongs to.</summary>
    public string RoomSid { get; } = roomSid;

    public DateTimeOffset JoinedAt { get; } = joinedAt;

    /// <summary>plugNmeet puts non-administrators in the waiting room when the room's waiting room is on.</summary>
    public bool WaitForApproval { get; } = waitForApproval;

    /// <summary>plugNmeet's <c>metadata_id</c>: a fresh uuid each time the metadata is written.</summary>
    public string MetadataId { get; } = Guid.NewGuid().ToString();

    /// <summary>Joining order within the sandbox.</summary>
    internal long Order { get; init; }

    public Task<SandboxDisconnect> Disconnected => _disconnected.Task;

    public bool IsConnected => !_disconnected.Task.IsCompleted;

    /// <summary>Why the participant left, or null while they are in the room.</summary>
    public SandboxDisconnect? DisconnectReason => _disconnected.Task.IsCompletedSuccessfully ? _disconnected.Task.Result : null;

    internal bool Disconnect(SandboxDisconnect reason) => _disconnected.TrySetResult(reason);
}

/// <summary>A join attempt's outcome: the presence, or the words plugNmeet's client would show instead.</summary>
public sealed record SandboxJoinResult(SandboxPresence? Presence, string? Refusal);
