using AdminPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Limits;

/// <summary>
/// Counters in the shared database: one atomic upsert per event (<c>INSERT … ON CONFLICT DO UPDATE … RETURNING</c>, which both
/// PostgreSQL and SQLite understand), so instances counting the same key at once never lose a count or collide on the key.
/// </summary>
internal sealed class DatabaseRateCounter(IDbContextFactory<ApplicationDbContext> databases, TimeProvider time) : IRateCounter
{
    // Every this many events, this instance deletes windows that ended over an hour ago, so the table stays small.
    private const int SweepEvery = 1_000;
    private static readonly long SweepAfterMs = (long)TimeSpan.FromHours(1).TotalMilliseconds;

    private int _events;

    public async Task<RateCount> HitAsync(string key, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var length = (long)window.TotalMilliseconds;
        var ended = now - length;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // In ON CONFLICT's SET every column on the right is the row as it was, so both CASEs look at the old window.
        // Materialized as a list: EF must not wrap the INSERT in a SELECT, as it would to compose Single().
        var rows = await db.Database.SqlQuery<Window>($"""
            INSERT INTO "RateWindows" ("Key", "StartMs", "Count") VALUES ({key}, {now}, 1)
            ON CONFLICT ("Key") DO UPDATE SET
                "StartMs" = CASE WHEN "RateWindows"."StartMs" <= {ended} THEN excluded."StartMs" ELSE "RateWindows"."StartMs" END,
                "Count" = CASE WHEN "RateWindows"."StartMs" <= {ended} THEN 1 ELSE "RateWindows"."Count" + 1 END
            RETURNING "StartMs", "Count"
            """).ToListAsync(cancellationToken);
        if (Interlocked.Increment(ref _events) % SweepEvery == 0)
        {
            var old = now - SweepAfterMs;
            await db.Set<RateWindow>().Where(w => w.StartMs < old).ExecuteDeleteAsync(cancellationToken);
        }
        var row = rows.Single();
        return new RateCount(row.Count, DateTimeOffset.FromUnixTimeMilliseconds(row.StartMs + length));
    }

    public async Task<RateCount?> PeekAsync(string key, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var length = (long)window.TotalMilliseconds;
        var ended = time.GetUtcNow().ToUnixTimeMilliseconds() - length;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<RateWindow>().AsNoTracking().Where(w => w.Key == key && w.StartMs > ended)
            .Select(w => new { w.StartMs, w.Count }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : new RateCount(row.Count, DateTimeOffset.FromUnixTimeMilliseconds(row.StartMs + length));
    }

    public async Task ForgetAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.Set<RateWindow>().Where(w => w.Key == key).ExecuteDeleteAsync(cancellationToken);
    }

    private sealed class Window
    {
        public long StartMs { get; set; }
        public int Count { get; set; }
    }
}
