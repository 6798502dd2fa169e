using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AdminPortal.Invites;

/// <summary>
/// Makes Join idempotent per landing page view: each view carries a random nonce, and every press of Join with that nonce
/// (a double-click, a resent form) gets the answer of the first press instead of using the invite again. Kept in memory for a
/// lease period only, keyed by invite id and the nonce's hash (the nonce itself is never kept or logged).
/// </summary>
internal sealed class InviteJoinAttempts(TimeProvider time, IOptions<InviteOptions> options)
{
    /// <summary>Name of the landing page's hidden form field.</summary>
    public const string FieldName = "join-nonce";

    private const int NonceBytes = 16;

    private readonly ConcurrentDictionary<string, Attempt> _attempts = new(StringComparer.Ordinal);

    private sealed record Attempt(Task<InviteOpening> Opening)
    {
        public DateTimeOffset? FinishedAt { get; set; }
    }

    /// <summary>A fresh nonce for one landing page view: 128 random bits, URL-safe.</summary>
    public static string NewNonce() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(NonceBytes));

    /// <summary>True for what <see cref="NewNonce"/> makes; anything else is treated as no nonce (a plain single attempt).</summary>
    public static bool IsWellFormed(string? nonce) =>
        nonce is { Length: > 0 and <= 64 } && Base64Url.IsValid(nonce, out var length) && length == NonceBytes;

    /// <summary>
    /// Runs <paramref name="use"/> once per invite and nonce: a repeat while it runs waits for it (at most a lease period,
    /// then <paramref name="busy"/>), and a repeat soon after it succeeded gets the same answer.
    /// </summary>
    public async Task<InviteOpening> RunOnceAsync(int inviteId, string nonce, Func<Task<InviteOpening>> use, Func<TimeSpan, InviteOpening> busy)
    {
        Prune();
        var key = $"{inviteId}:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(nonce)))}";
        var mine = new TaskCompletionSource<InviteOpening>(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempt = _attempts.GetOrAdd(key, new Attempt(mine.Task));
        if (attempt.Opening != mine.Task)
        {
            var lease = options.Value.UseLease;
            try
            {
                return await attempt.Opening.WaitAsync(lease, time);
            }
            catch (TimeoutException)
            {
                return busy(lease);
            }
        }
        try
        {
            var opening = await use();
            mine.SetResult(opening);
            if (opening.RedirectUrl is null)
            {
                // Only a join is worth repeating: after a refusal or a fault the next press tries afresh.
                _attempts.TryRemove(key, out _);
            }
            attempt.FinishedAt = time.GetUtcNow();
            return opening;
        }
        catch (Exception ex)
        {
            _attempts.TryRemove(key, out _);
            mine.SetException(ex);
            throw;
        }
    }

    /// <summary>Forgets attempts that finished more than a lease period ago.</summary>
    private void Prune()
    {
        var stale = time.GetUtcNow() - options.Value.UseLease;
        foreach (var (key, attempt) in _attempts)
        {
            if (attempt.FinishedAt is { } finished && finished <= stale)
            {
                _attempts.TryRemove(key, out _);
            }
        }
    }
}
