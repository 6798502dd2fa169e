using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.PlugNmeet;
using AdminPortal.Staff;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Rooms;

/// <summary>
/// The live rooms console: running rooms with their participants, ending a room, and the generator's room check. Reads throw
/// <see cref="PlugNmeetException"/> (its message is written for staff); ending returns an outcome.
/// </summary>
public sealed class RoomsService(PlugNmeetClient plugNmeet, IDbContextFactory<ApplicationDbContext> databases, AuditLog audit, TimeProvider time,
    ILogger<RoomsService> logger)
{
    /// <summary>How long the list of running room ids is reused for "did you mean" while someone types.</summary>
    public static readonly TimeSpan RunningIdsReuse = TimeSpan.FromSeconds(10);

    private (DateTimeOffset At, IReadOnlyList<string> Ids)? _runningIds;

    /// <summary>Whether <paramref name="role"/> may end rooms: Administrators and Moderators; Helpdesk only watches.</summary>
    public static bool MayEnd(string role) => role is StaffRoles.Administrator or StaffRoles.Moderator;

    /// <summary>Every running room, by room id, with who started it when the portal did.</summary>
    public async Task<IReadOnlyList<RunningRoom>> ListAsync(CancellationToken cancellationToken = default)
    {
        var active = await plugNmeet.GetActiveRoomsAsync(cancellationToken);
        var origins = await OriginsAsync(active.Select(a => a.RoomInfo).OfType<ActiveRoomInfo>().ToList(), cancellationToken);
        _runningIds = (time.GetUtcNow(), active.Select(a => a.RoomInfo?.RoomId).OfType<string>().ToList());
        return active.Select(a => RunningRoom.From(a, OriginOf(origins, a.RoomInfo)))
            .OrderBy(r => r.RoomId, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The room with its participants, or null when it is not running.</summary>
    public async Task<RunningRoom?> GetAsync(string roomId, CancellationToken cancellationToken = default)
    {
        var active = await plugNmeet.GetActiveRoomAsync(roomId, cancellationToken);
        if (active?.RoomInfo is not { } info)
        {
            return null;
        }
        var origins = await OriginsAsync([info], cancellationToken);
        return RunningRoom.From(active, OriginOf(origins, info));
    }

    /// <summary>
    /// Ends the room for everyone in it (Administrators and Moderators only; others are refused before anything is sent), and
    /// audits it with the number of people it disconnected. plugNmeet failures come back as their message.
    /// </summary>
    public async Task<RoomEndOutcome> EndAsync(StaffActor actor, string roomId, CancellationToken cancellationToken = default)
    {
        if (!MayEnd(actor.Role))
        {
            var refusal = $"As {actor.Role} you may not end rooms: ask a Moderator or an Administrator.";
            await AuditAsync(actor, roomId, "refused", refusal, cancellationToken);
            return new RoomEndOutcome(false, 0, refusal);
        }
        try
        {
            // Counted just before ending, so the audit says how many people this really disconnected.
            var room = await plugNmeet.GetActiveRoomAsync(roomId, cancellationToken);
            if (room is null || !await plugNmeet.EndRoomAsync(roomId, cancellationToken))
            {
                return new RoomEndOutcome(false, 0, $"Room {roomId} is not running: there was nothing to end.") { WasNotRunning = true };
            }
            var disconnected = room.ParticipantsInfo?.Count ?? 0;
            await AuditAsync(actor, roomId, "ok", $"{People(disconnected)} disconnected", cancellationToken);
            return new RoomEndOutcome(true, disconnected, null);
        }
        catch (PlugNmeetException ex)
        {
            await AuditAsync(actor, roomId, "failed", ex.Message, cancellationToken);
            return new RoomEndOutcome(false, 0, ex.Message);
        }
    }

    /// <summary>
    /// For the generator: the room when it runs; otherwise the running room the id resembles, but only when the typed id was never
    /// used through the portal (a room people already know is not a typo).
    /// </summary>
    public async Task<RoomCheck> CheckAsync(string roomId, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(roomId, cancellationToken) is { } room)
        {
            return new RoomCheck(room, null);
        }
        var now = time.GetUtcNow();
        if (_runningIds is not { } cached || now - cached.At > RunningIdsReuse)
        {
            var active = await plugNmeet.GetActiveRoomsAsync(cancellationToken);
            _runningIds = cached = (now, active.Select(a => a.RoomInfo?.RoomId).OfType<string>().ToList());
        }
        var similar = RoomSimilarity.Closest(roomId, cached.Ids);
        return new RoomCheck(null, similar is not null && !await WasUsedAsync(roomId, cancellationToken) ? similar : null);
    }

    /// <summary>"1 person", "3 people".</summary>
    public static string People(int count) => count == 1 ? "1 person" : $"{count} people";

    // Equality on the room id only, so an index on it serves the query (PortalRooms has one).
    private async Task<bool> WasUsedAsync(string roomId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.PortalRooms.AnyAsync(r => r.RoomId == roomId, cancellationToken)
            || await db.AuditEntries.AnyAsync(e => e.RoomId == roomId && (e.Kind == AuditKinds.LinkIssued || e.Kind == AuditKinds.InviteCreated),
                cancellationToken);
    }

    private async Task<List<PortalRoom>> OriginsAsync(IReadOnlyList<ActiveRoomInfo> rooms, CancellationToken cancellationToken)
    {
        var sids = rooms.Select(r => r.Sid).OfType<string>().Where(s => s.Length > 0).Distinct().ToList();
        if (sids.Count == 0)
        {
            return [];
        }
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            return await db.PortalRooms.AsNoTracking().Where(r => r.Sid != null && sids.Contains(r.Sid)).ToListAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            // What plugNmeet says is running is still worth showing; only "started by … from template …" is missing.
            logger.LogWarning(ex, "Could not read which rooms the portal started; showing the running rooms without it");
            return [];
        }
    }

    // The session must match too: a room id used again later is another session, perhaps started elsewhere.
    private static RoomOrigin? OriginOf(List<PortalRoom> origins, ActiveRoomInfo? info) =>
        origins.Where(o => info is not null && o.RoomId == info.RoomId && o.Sid == info.Sid).OrderByDescending(o => o.Id)
            .Select(o => new RoomOrigin(o.CreatedBy, o.TemplateName)).FirstOrDefault();

    private Task AuditAsync(StaffActor actor, string roomId, string outcome, string detail, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditEntry
        {
            Kind = AuditKinds.RoomEnded,
            Actor = actor.Email,
            ActorRole = actor.Role,
            ClientIp = actor.ClientIp,
            RoomId = roomId,
            Outcome = outcome,
            Detail = detail,
        }, cancellationToken);
}
