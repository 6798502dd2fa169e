using System.Security.Cryptography;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Hosting;
using AdminPortal.Staff;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminPortal.PlugNmeet.Settings;

/// <summary>What <c>/settings/plugnmeet</c> shows: the values (configured ones included, never a secret) and where each comes from.</summary>
public sealed record PlugNmeetSettingsView(
    PlugNmeetSettingsForm Form, PlugNmeetConfigured Configured, bool SecretSet, bool SecretUnreadable, DateTimeOffset? SecretChangedAt,
    DateTimeOffset? ChangedAt, string? ChangedBy, string SandboxApiKey, DateTimeOffset? LastWebhookAt = null);

/// <summary>The answer to Test connection: in words, with the kind of failure and the server's answer time.</summary>
public sealed record PlugNmeetTestResult(bool Ok, string Message, PlugNmeetFailure? Failure = null, long? Milliseconds = null);

/// <summary>
/// The plugNmeet connection settings kept in the database: loads them into <see cref="PlugNmeetConnection"/> (at start and every
/// few seconds, so a save on one instance reaches the others), tests typed values, and saves them sealed and audited.
/// </summary>
public sealed partial class PlugNmeetSettingsService(
    IDbContextFactory<ApplicationDbContext> databases, PlugNmeetConnection connection, IOptions<PlugNmeetOptions> options,
    IConfiguration configuration, IDataProtectionProvider protection, LogRedaction redaction, AuditLog audit, TimeProvider time,
    PlugNmeetTester tester, ILogger<PlugNmeetSettingsService> logger)
{
    /// <summary>How often every instance re-reads the saved settings (the row is tiny; the hot path never waits for it).</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(3);

    private readonly IDataProtector _sealer = protection.CreateProtector("AdminPortal.PlugNmeet.Secret");
    private (string Key, string Secret)? _sandbox;
    // One immutable pair swapped as a whole: the refresh loop and page calls read and write it without a lock.
    private volatile UnsealedSecret? _unsealed;

    private sealed record UnsealedSecret(string Sealed, string? Secret);

    private PlugNmeetConfigured Configured => PlugNmeetConfigured.From(options.Value, configuration);

    /// <summary>Loads the sandbox's own credentials (configured, or generated once and kept in the database), then the settings.</summary>
    internal async Task StartAsync(ApplicationDbContext db, CancellationToken cancellationToken = default)
    {
        var configured = options.Value;
        if (configured.UsesSandbox && PlugNmeetConfigured.Set(configured.ApiKey) && PlugNmeetConfigured.Set(configured.ApiSecret))
        {
            _sandbox = (configured.ApiKey!, configured.ApiSecret!);
        }
        else
        {
            var generated = await PortalDatabase.SeedOnceAsync(db, () => Sandbox.SandboxCredential.LoadOrCreateAsync(db, cancellationToken), cancellationToken);
            _sandbox = (generated.ApiKey, generated.ApiSecret);
        }
        redaction.AddSecret(_sandbox.Value.Secret);
        await RefreshAsync(cancellationToken);
    }

    /// <summary>Re-reads the saved row and puts the values in force into <see cref="PlugNmeetConnection"/>.</summary>
    internal async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        if (_sandbox is not { } sandbox)
        {
            return; // not started yet
        }
        var row = await ReadAsync(cancellationToken);
        connection.Use(PlugNmeetPrecedence.Resolve(options.Value, Configured.TimeoutSeconds, row, Unseal(row?.SealedSecret), sandbox), sandbox);
    }

    /// <summary>The page's view: saved values, configured ones in their place (read-only), the secret only as set or not.</summary>
    public async Task<PlugNmeetSettingsView> GetAsync(StaffActor actor, CancellationToken cancellationToken = default)
    {
        EnsureAdministrator(actor);
        var row = await ReadAsync(cancellationToken) ?? new PlugNmeetServerSettings();
        var (set, configured) = (Configured, options.Value);
        var form = new PlugNmeetSettingsForm
        {
            UseSandbox = !set.ServerUrl && row.UseSandbox,
            ServerUrl = (set.ServerUrl ? configured.ServerUrl : row.ServerUrl) ?? "",
            ClientUrl = (set.ClientUrl ? configured.ClientUrl : row.ClientUrl) ?? "",
            ApiKey = (set.ApiKey ? configured.ApiKey : row.ApiKey) ?? "",
            TimeoutSeconds = set.TimeoutSeconds ? configured.TimeoutSeconds : row.Id == 0 ? configured.TimeoutSeconds : row.TimeoutSeconds,
        };
        var unreadable = row.SealedSecret is not null && Unseal(row.SealedSecret) is null;
        return new(form, set, set.ApiSecret || row.SealedSecret is not null, unreadable, row.SecretChangedAt,
            row.Id == 0 ? null : row.ChangedAt, row.Id == 0 ? null : row.ChangedBy, connection.SandboxApiKey, await LastWebhookAtAsync(cancellationToken));
    }

    /// <summary>Problems with the typed values by form field (Administrators only); empty when they may be tested or saved.</summary>
    public async Task<Dictionary<string, string>> CheckAsync(StaffActor actor, PlugNmeetSettingsForm form, CancellationToken cancellationToken = default)
    {
        EnsureAdministrator(actor);
        return PlugNmeetSettingsRules.Check(await MergeAsync(form, cancellationToken), form);
    }

    /// <summary>
    /// Signs a harmless call (is a random room running?) with the typed values (the stored secret when none is typed; configured
    /// values where configuration sets them) through the same client code as every call, and says in words how it went.
    /// Administrators only: it signs a request to any typed address with the stored secret.
    /// </summary>
    public async Task<PlugNmeetTestResult> TestAsync(StaffActor actor, PlugNmeetSettingsForm form, CancellationToken cancellationToken = default)
    {
        EnsureAdministrator(actor);
        var merged = await MergeAsync(form, cancellationToken);
        var problems = PlugNmeetSettingsRules.Check(merged, form);
        if (problems.Count > 0)
        {
            return new(false, "Not tested: " + string.Join(" ", problems.Values));
        }
        // A typed secret joins the log redaction only when saved: a tested typo is not in use.
        var endpoint = PlugNmeetPrecedence.Resolve(merged, timeoutConfigured: true, null, null, (connection.SandboxApiKey, connection.SandboxApiSecret));
        return await tester.TestAsync(endpoint, cancellationToken);
    }

    private async Task<PlugNmeetOptions> MergeAsync(PlugNmeetSettingsForm form, CancellationToken cancellationToken) =>
        PlugNmeetSettingsRules.Merge(options.Value, Configured, form, Unseal((await ReadAsync(cancellationToken))?.SealedSecret));

    // Rows are only added, so the newest row is the latest verified arrival (no comparison on the converted time column).
    private async Task<DateTimeOffset?> LastWebhookAtAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.WebhookEvents.AsNoTracking().OrderByDescending(e => e.Id).Select(e => (DateTimeOffset?)e.ReceivedAt).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<PlugNmeetServerSettings?> ReadAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.PlugNmeetServerSettings.AsNoTracking().OrderBy(s => s.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The stored secret, or null when none is stored or this key ring cannot read it (then it must be entered again).</summary>
    private string? Unseal(string? sealedSecret)
    {
        if (sealedSecret is null)
        {
            return null;
        }
        if (_unsealed is { } cached && cached.Sealed == sealedSecret)
        {
            return cached.Secret;
        }
        string? secret = null;
        try
        {
            secret = _sealer.Unprotect(sealedSecret);
            redaction.AddSecret(secret);
        }
        catch (CryptographicException)
        {
            logger.LogWarning("The saved plugNmeet secret cannot be read with this key ring: an Administrator must enter it again on /settings/plugnmeet");
        }
        _unsealed = new(sealedSecret, secret);
        return secret;
    }

    private static void EnsureAdministrator(StaffActor actor)
    {
        if (!actor.IsAdministrator)
        {
            throw new UnauthorizedAccessException("Only Administrators can see, test or change the plugNmeet connection.");
        }
    }
}
