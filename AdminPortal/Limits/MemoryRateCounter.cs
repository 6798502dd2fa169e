using System.Collections.Concurrent;

namespace AdminPortal.Limits;

/// <summary>Counters in this process's memory: right for SQLite, which is one instance by design.</summary>
internal sealed class MemoryRateCounter(TimeProvider time) : IRateCounter
{
    // Keys are bounded in length; ended windows are swept once there are this many.
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<string, (long StartMs, int Count)> _windows = new(StringComparer.Ordinal);

    public Task<RateCount> HitAsync(string key, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var length = (long)window.TotalMilliseconds;
        var (start, count) = _windows.AddOrUpdate(key, _ => (now, 1), (_, w) => now - w.StartMs >= length ? (now, 1) : (w.StartMs, w.Count + 1));
        if (_windows.Count > SweepAbove)
        {
            foreach (var (stale, w) in _windows)
            {
                if (now - w.StartMs >= length)
                {
                    _windows.TryRemove(stale, out _);
                }
            }
        }
        return Task.FromResult(new RateCount(count, DateTimeOffset.FromUnixTimeMilliseconds(start + length)));
    }

    public Task<RateCount?> PeekAsync(string key, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var length = (long)window.TotalMilliseconds;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return Task.FromResult<RateCount?>(_windows.TryGetValue(key, out var w) && now - w.StartMs < length
            ? new RateCount(w.Count, DateTimeOffset.FromUnixTimeMilliseconds(w.StartMs + length))
            : null);
    }

    public Task ForgetAsync(string key, CancellationToken cancellationToken = default)
    {
        _windows.TryRemove(key, out _);
        return Task.CompletedTask;
    }
}
