using System.Collections.Concurrent;
using AdminPortal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AdminPortal.Staff;

/// <summary>
/// Makes an e-mail with no account look like a real one at sign-in: a dummy password hash is verified (same cost), and it
/// "locks" after the same number of wrong passwords for the same time, so answers never reveal which e-mails exist.
/// </summary>
public sealed class UnknownAccountLockout(IOptions<IdentityOptions> identity, TimeProvider time)
{
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset? LockedUntil)> _accounts = new();
    private string? _dummyHash;

    public bool IsLockedOut(string email) =>
        _accounts.TryGetValue(Key(email), out var state) && state.LockedUntil > time.GetUtcNow();

    /// <summary>Verifies the password against a dummy hash (it never matches), then counts the failure; true when this locks the e-mail.</summary>
    public bool FailPassword(IPasswordHasher<ApplicationUser> hasher, string email, string password)
    {
        var probe = new ApplicationUser();
        _dummyHash ??= hasher.HashPassword(probe, Guid.NewGuid().ToString("N"));
        _ = hasher.VerifyHashedPassword(probe, _dummyHash, password);

        var lockout = identity.Value.Lockout;
        var now = time.GetUtcNow();
        var state = _accounts.AddOrUpdate(Key(email), _ => (1, null), (_, s) => s.LockedUntil is { } until && until <= now ? (1, null) : (s.Failures + 1, null));
        if (state.Failures >= lockout.MaxFailedAccessAttempts)
        {
            // Identity resets the count when it locks a real account; so does this.
            _accounts[Key(email)] = (0, now + lockout.DefaultLockoutTimeSpan);
            Sweep(now);
            return true;
        }
        Sweep(now);
        return false;
    }

    private void Sweep(DateTimeOffset now)
    {
        if (_accounts.Count <= SweepAbove)
        {
            return;
        }
        foreach (var (key, state) in _accounts)
        {
            if (state.LockedUntil is null || state.LockedUntil <= now)
            {
                _accounts.TryRemove(key, out _);
            }
        }
    }

    private static string Key(string email) => email.Trim().ToUpperInvariant();
}
