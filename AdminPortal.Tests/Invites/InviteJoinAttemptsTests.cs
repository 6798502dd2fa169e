using AdminPortal.Invites;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AdminPortal.Tests.Invites;

/// <summary>One answer per landing page view: repeats wait for the first press (at most a lease), then reuse a join briefly.</summary>
public sealed class InviteJoinAttemptsTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly InviteJoinAttempts _attempts;
    private readonly string _nonce = InviteJoinAttempts.NewNonce();
    private int _runs;

    public InviteJoinAttemptsTests() => _attempts = new(_clock, Options.Create(new InviteOptions { UseLeaseSeconds = (int)Lease.TotalSeconds }));

    private static InviteOpening Busy(TimeSpan wait) => new() { BusyFor = wait };

    private Func<Task<InviteOpening>> Use(Task<InviteOpening> answer) => () =>
    {
        Interlocked.Increment(ref _runs);
        return answer;
    };

    [Fact]
    public async Task A_repeat_while_the_first_runs_waits_for_it_and_gets_its_answer()
    {
        var first = new TaskCompletionSource<InviteOpening>();
        var joined = new InviteOpening { RedirectUrl = "https://meet.example.test/?access_token=t" };

        var pressed = _attempts.RunOnceAsync(1, _nonce, Use(first.Task), Busy);
        var again = _attempts.RunOnceAsync(1, _nonce, Use(Task.FromResult(new InviteOpening())), Busy);
        Assert.False(again.IsCompleted);
        first.SetResult(joined);

        Assert.Same(joined, await pressed);
        Assert.Same(joined, await again);
        Assert.Same(joined, await _attempts.RunOnceAsync(1, _nonce, Use(Task.FromResult(new InviteOpening())), Busy));
        Assert.Equal(1, _runs);
    }

    [Fact]
    public async Task Other_nonces_and_other_invites_run_on_their_own()
    {
        var joined = new InviteOpening { RedirectUrl = "https://meet.example.test/" };
        await _attempts.RunOnceAsync(1, _nonce, Use(Task.FromResult(joined)), Busy);

        await _attempts.RunOnceAsync(1, InviteJoinAttempts.NewNonce(), Use(Task.FromResult(joined)), Busy);
        await _attempts.RunOnceAsync(2, _nonce, Use(Task.FromResult(joined)), Busy);

        Assert.Equal(3, _runs);
    }

    [Fact]
    public async Task A_wait_lasts_one_lease_at_most_and_then_says_busy()
    {
        var stuck = new TaskCompletionSource<InviteOpening>();
        _ = _attempts.RunOnceAsync(1, _nonce, Use(stuck.Task), Busy);

        var again = _attempts.RunOnceAsync(1, _nonce, Use(Task.FromResult(new InviteOpening())), Busy);
        _clock.Advance(Lease);

        Assert.Equal(Lease, (await again).BusyFor);
        Assert.Equal(1, _runs);
    }

    [Fact]
    public async Task Only_a_join_is_remembered_and_only_for_a_lease()
    {
        var refused = new InviteOpening { ServerRefused = true };
        var joined = new InviteOpening { RedirectUrl = "https://meet.example.test/" };
        Assert.Same(refused, await _attempts.RunOnceAsync(1, _nonce, Use(Task.FromResult(refused)), Busy));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _attempts.RunOnceAsync(1, _nonce, Use(Task.FromException<InviteOpening>(new InvalidOperationException())), Busy));
        Assert.Same(joined, await _attempts.RunOnceAsync(1, _nonce, Use(Task.FromResult(joined)), Busy));

        _clock.Advance(Lease);
        var fresh = new InviteOpening { RedirectUrl = "https://meet.example.test/?again" };

        Assert.Same(fresh, await _attempts.RunOnceAsync(1, _nonce, Use(Task.FromResult(fresh)), Busy));
        Assert.Equal(4, _runs);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not base64url at all!!")]
    public void Anything_but_a_128_bit_nonce_counts_as_none(string? nonce)
    {
        Assert.False(InviteJoinAttempts.IsWellFormed(nonce));
        Assert.True(InviteJoinAttempts.IsWellFormed(InviteJoinAttempts.NewNonce()));
    }
}
