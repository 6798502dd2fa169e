using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
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
/// guesser is slowed down and cannot grow the audit trail without bound. Successful sign-ins cost nothing.
/// </summary>
public sealed class SignInThrottle(IOptions<SignInLimits> limits, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Keys are bounded in length (e-mails over 256 characters are refused earlier); stale windows are swept past this size.
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<string, (DateTimeOffset Start, int Failures)> _windows = new();

    /// <summary>How long the client address must wait, or null when it may try.</summary>
    public TimeSpan? AddressWaits(IPAddress? address) => Wait(AddressKey(address), limits.Value.FailuresPerMinutePerAddress);

    /// <summary>How long sign-ins to this e-mail must wait, or null when they may be tried.</summary>
    public TimeSpan? AccountWaits(string email) => Wait(AccountKey(email), limits.Value.FailuresPerMinutePerAccount);

    /// <summary>Lifts the account's throttle (an Administrator unlocked it).</summary>
    public void ForgetAccount(string email) => _windows.TryRemove(AccountKey(email), out _);

    public void RecordFailure(IPAddress? address, string email)
    {
        Count(AddressKey(address));
        Count(AccountKey(email));
        if (_windows.Count > SweepAbove)
        {
            var now = time.GetUtcNow();
            foreach (var (key, window) in _windows)
            {
                if (now - window.Start >= Window)
                {
                    _windows.TryRemove(key, out _);
                }
            }
        }
    }

    private TimeSpan? Wait(string key, int limit)
    {
        if (!_windows.TryGetValue(key, out var window))
        {
            return null;
        }
        var left = window.Start + Window - time.GetUtcNow();
        return left > TimeSpan.Zero && window.Failures >= limit ? left : null;
    }

    private void Count(string key)
    {
        var now = time.GetUtcNow();
        _windows.AddOrUpdate(key, _ => (now, 1), (_, w) => now - w.Start >= Window ? (now, 1) : (w.Start, w.Failures + 1));
    }

    private static string AccountKey(string email) => "account:" + email.Trim().ToUpperInvariant();

    private static string AddressKey(IPAddress? address)
    {
        if (address is null)
        {
            return "address:unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // One household or server usually holds a whole /64, so its addresses share one budget.
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            address = new IPAddress(bytes);
        }
        return "address:" + address;
    }
}
