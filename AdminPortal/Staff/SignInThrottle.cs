using System.Net;
using AdminPortal.Limits;
using Microsoft.Extensions.Options;

namespace AdminPortal.Staff;

/// <summary>How many failed sign-ins a client address and an account may have per minute (section <c>SignIn</c>).</summary>
public sealed class SignInLimits
{
    public const string SectionName = "SignIn";

    public int FailuresPerMinutePerAddress { get; set; } = 10;
    public int FailuresPerMinutePerAccount { get; set; } = 5;
}

/// <summary>
/// Counts failed sign-ins per client address (an IPv6 /64 counts as one) and per typed e-mail in one-minute windows, so a
/// guesser is slowed down and cannot grow the audit trail without bound. Successful sign-ins cost nothing. The counters are
/// shared by all instances on PostgreSQL (<see cref="IRateCounter"/>), so more instances do not mean more guesses.
/// </summary>
public sealed class SignInThrottle(IOptions<SignInLimits> limits, IRateCounter counter, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>How long the client address must wait, or null when it may try.</summary>
    public Task<TimeSpan?> AddressWaitsAsync(IPAddress? address) => WaitAsync(AddressKey(address), limits.Value.FailuresPerMinutePerAddress);

    /// <summary>How long sign-ins to this e-mail must wait, or null when they may be tried.</summary>
    public Task<TimeSpan?> AccountWaitsAsync(string email) => WaitAsync(AccountKey(email), limits.Value.FailuresPerMinutePerAccount);

    /// <summary>Lifts the account's throttle (an Administrator unlocked it).</summary>
    public Task ForgetAccountAsync(string email) => counter.ForgetAsync(AccountKey(email));

    public async Task RecordFailureAsync(IPAddress? address, string email)
    {
        await counter.HitAsync(AddressKey(address), Window);
        await counter.HitAsync(AccountKey(email), Window);
    }

    private async Task<TimeSpan?> WaitAsync(string key, int limit) =>
        await counter.PeekAsync(key, Window) is { } window && window.Count >= limit && window.LeftAt(time.GetUtcNow()) is { } left && left > TimeSpan.Zero
            ? left
            : null;

    private static string AccountKey(string email) => "sign-in:account:" + email.Trim().ToUpperInvariant();

    private static string AddressKey(IPAddress? address) => "sign-in:address:" + ClientAddresses.Partition(address);
}
