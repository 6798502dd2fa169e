namespace AdminPortal.Limits;

/// <summary>How many events a key has in its current window, and when that window ends.</summary>
public readonly record struct RateCount(int Count, DateTimeOffset WindowEnds)
{
    /// <summary>How long until the window ends (never negative).</summary>
    public TimeSpan LeftAt(DateTimeOffset now) => WindowEnds > now ? WindowEnds - now : TimeSpan.Zero;
}

/// <summary>
/// Fixed-window counters per key. On PostgreSQL they live in the shared database, so a client that reaches several instances
/// still has one budget; SQLite runs one instance, so its counters stay in memory.
/// </summary>
public interface IRateCounter
{
    /// <summary>Counts one event for <paramref name="key"/> (starting a new window when the last one has ended); returns the window after it.</summary>
    Task<RateCount> HitAsync(string key, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>The key's current window without counting, or null when it has none.</summary>
    Task<RateCount?> PeekAsync(string key, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>Drops the key's window (its budget starts afresh).</summary>
    Task ForgetAsync(string key, CancellationToken cancellationToken = default);
}
