using AdminPortal.Data;
using AdminPortal.Limits;
using AdminPortal.Tests.TestHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AdminPortal.Tests.Limits;

/// <summary>The fixed-window counters behave the same in memory (SQLite's one instance) and in the database (shared by instances).</summary>
public sealed class RateCounterTests : IAsyncLifetime
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly PortalFactory _portal = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private IRateCounter Counter(string kind)
    {
        _ = _portal.BaseUrl; // migrated
        return kind == "memory"
            ? new MemoryRateCounter(_time)
            : new DatabaseRateCounter(_portal.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>(), _time);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("database")]
    public async Task A_window_counts_its_events_ends_after_its_length_and_keys_are_separate(string kind)
    {
        var counter = Counter(kind);
        var start = _time.GetUtcNow();

        Assert.Null(await counter.PeekAsync("a", Minute));
        Assert.Equal(new RateCount(1, start + Minute), await counter.HitAsync("a", Minute));
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(new RateCount(2, start + Minute), await counter.HitAsync("a", Minute));
        Assert.Equal(1, (await counter.HitAsync("b", Minute)).Count);
        Assert.Equal(new RateCount(2, start + Minute), await counter.PeekAsync("a", Minute));
        Assert.Equal(TimeSpan.FromSeconds(1), (await counter.PeekAsync("a", Minute))!.Value.LeftAt(_time.GetUtcNow()));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await counter.PeekAsync("a", Minute));
        Assert.Equal(new RateCount(1, _time.GetUtcNow() + Minute), await counter.HitAsync("a", Minute));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("database")]
    public async Task Forgetting_a_key_starts_its_budget_afresh(string kind)
    {
        var counter = Counter(kind);
        await counter.HitAsync("account", Minute);
        await counter.HitAsync("account", Minute);

        await counter.ForgetAsync("account");

        Assert.Null(await counter.PeekAsync("account", Minute));
        Assert.Equal(1, (await counter.HitAsync("account", Minute)).Count);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("database")]
    public async Task Concurrent_events_are_each_counted_once(string kind)
    {
        var counter = Counter(kind);

        var counts = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => counter.HitAsync("busy", Minute))));

        Assert.Equal(Enumerable.Range(1, 100), counts.Select(c => c.Count).Order());
    }
}
