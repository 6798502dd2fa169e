using AdminPortal.Data;
using AdminPortal.Staff;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Audit;

/// <summary>What the audit page filters by; every part is optional. Staff, room and user id match any part of the value.</summary>
public sealed record AuditFilter
{
    public string? Staff { get; init; }
    public string? RoomId { get; init; }
    public string? UserId { get; init; }

    /// <summary>One of the <see cref="AuditKinds"/> codes, matched exactly.</summary>
    public string? Kind { get; init; }

    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? Until { get; init; }
    public bool? IsHidden { get; init; }
    public bool? IsAdmin { get; init; }
}

public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, int Total);

/// <summary>
/// The append-only audit trail. The product can add entries and read them; nothing updates or deletes them
/// (database triggers refuse it too).
/// </summary>
public sealed class AuditLog(IDbContextFactory<ApplicationDbContext> databases, TimeProvider time, IServiceProvider services)
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            Stage(db, entry, time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            services.GetRequiredService<AuditMetrics>().WriteFailed(entry.Kind);
            throw;
        }
    }

    /// <summary>Adds the entry, stamped and cut to the stored limits, for a caller that saves it in its own transaction.</summary>
    public static void Stage(ApplicationDbContext db, AuditEntry entry, DateTimeOffset now)
    {
        entry.TimeUtc = now;
        AuditLimits.Apply(entry);
        db.AuditEntries.Add(entry);
    }

    public async Task<AuditPage> QueryAsync(StaffActor actor, AuditFilter filter, int page, int pageSize, string? sortBy, bool descending,
        CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdministrator)
        {
            throw new UnauthorizedAccessException("Only Administrators can read the audit trail.");
        }
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var query = Filtered(db, filter);
        var total = await query.CountAsync(cancellationToken);
        var items = await Sorted(query, sortBy, descending).Skip(page * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new AuditPage(items, total);
    }

    public static readonly IReadOnlyList<string> CsvColumns =
    [
        "time_utc", "kind", "staff", "staff_role", "client_ip", "room_id", "display_name", "user_id", "is_admin", "is_hidden",
        "locks", "design", "preset", "reason", "outcome", "detail", "token_expires_utc", "token_sha256",
    ];

    /// <summary>
    /// Writes the filtered entries as RFC 4180 CSV, oldest first, row by row as they are read, so a large trail is never held in memory.
    /// </summary>
    public async Task WriteCsvAsync(AuditFilter filter, TextWriter csv, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await csv.WriteAsync(string.Join(',', CsvColumns) + "\r\n");
        await foreach (var e in Filtered(db, filter).OrderBy(e => e.TimeUtc).ThenBy(e => e.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            await csv.WriteAsync(string.Join(',', CsvCells(e).Select(CsvCell)) + "\r\n");
        }
    }

    /// <summary>The entry's values in the order of <see cref="CsvColumns"/>, as text.</summary>
    public static string?[] CsvCells(AuditEntry e) =>
    [
        e.TimeUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss"), e.Kind, e.Actor, e.ActorRole, e.ClientIp, e.RoomId, e.DisplayName, e.UserId,
        Flag(e.IsAdmin), Flag(e.IsHidden), e.Locks, e.Design, e.Preset, e.Reason, e.Outcome, e.Detail,
        e.TokenExpiresAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss"), e.TokenSha256,
    ];

    /// <summary>
    /// Quotes when needed. Spreadsheets that split on ";" (German Excel) see each ";"-separated part as a cell of its own, so every
    /// part that starts with = + - @ tab or CR is neutralised with a leading apostrophe, and a cell holding ";" is always quoted.
    /// </summary>
    public static string CsvCell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        value = string.Join(';', value.Split(';').Select(part => part.Length > 0 && part[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + part : part));
        return value.IndexOfAny([',', ';', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    private static string? Flag(bool? value) => value switch { true => "yes", false => "no", null => null };

    private static IQueryable<AuditEntry> Filtered(ApplicationDbContext db, AuditFilter filter)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Staff))
        {
            query = query.Where(e => e.Actor.Contains(filter.Staff.Trim()));
        }
        if (!string.IsNullOrWhiteSpace(filter.RoomId))
        {
            query = query.Where(e => e.RoomId != null && e.RoomId.Contains(filter.RoomId.Trim()));
        }
        if (!string.IsNullOrWhiteSpace(filter.UserId))
        {
            query = query.Where(e => e.UserId != null && e.UserId.Contains(filter.UserId.Trim()));
        }
        if (!string.IsNullOrWhiteSpace(filter.Kind))
        {
            query = query.Where(e => e.Kind == filter.Kind.Trim());
        }
        if (filter.From is { } from)
        {
            query = query.Where(e => e.TimeUtc >= from);
        }
        if (filter.Until is { } until)
        {
            query = query.Where(e => e.TimeUtc < until);
        }
        if (filter.IsHidden is { } hidden)
        {
            query = query.Where(e => e.IsHidden == hidden);
        }
        if (filter.IsAdmin is { } admin)
        {
            query = query.Where(e => e.IsAdmin == admin);
        }
        return query;
    }

    private static IQueryable<AuditEntry> Sorted(IQueryable<AuditEntry> query, string? sortBy, bool descending) => (sortBy, descending) switch
    {
        (nameof(AuditEntry.Actor), false) => query.OrderBy(e => e.Actor).ThenBy(e => e.Id),
        (nameof(AuditEntry.Actor), true) => query.OrderByDescending(e => e.Actor).ThenByDescending(e => e.Id),
        (nameof(AuditEntry.RoomId), false) => query.OrderBy(e => e.RoomId).ThenBy(e => e.Id),
        (nameof(AuditEntry.RoomId), true) => query.OrderByDescending(e => e.RoomId).ThenByDescending(e => e.Id),
        (nameof(AuditEntry.Kind), false) => query.OrderBy(e => e.Kind).ThenBy(e => e.Id),
        (nameof(AuditEntry.Kind), true) => query.OrderByDescending(e => e.Kind).ThenByDescending(e => e.Id),
        (nameof(AuditEntry.UserId), false) => query.OrderBy(e => e.UserId).ThenBy(e => e.Id),
        (nameof(AuditEntry.UserId), true) => query.OrderByDescending(e => e.UserId).ThenByDescending(e => e.Id),
        (_, false) => query.OrderBy(e => e.TimeUtc).ThenBy(e => e.Id),
        _ => query.OrderByDescending(e => e.TimeUtc).ThenByDescending(e => e.Id),
    };
}
