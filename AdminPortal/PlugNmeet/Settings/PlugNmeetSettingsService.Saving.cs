using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Staff;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.PlugNmeet.Settings;

public sealed partial class PlugNmeetSettingsService
{
    /// <summary>
    /// Saves the typed values (Administrators only): the secret sealed, only when a new one is typed; fields set by configuration
    /// are left as they were. Audits what changed (never the secret) and applies it here at once. Returns problems by field, empty when saved.
    /// </summary>
    public async Task<Dictionary<string, string>> SaveAsync(StaffActor actor, PlugNmeetSettingsForm form, CancellationToken cancellationToken = default)
    {
        var problems = await CheckAsync(actor, form, cancellationToken);
        if (problems.Count > 0)
        {
            return problems;
        }
        var set = Configured;
        var now = time.GetUtcNow();
        redaction.AddSecret(form.NewSecret);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // One row, created by the first save; under the settings lock two instances saving at once cannot both insert one.
        var changes = await PortalDatabase.SerializedAsync(db, PortalDatabase.SettingsLockKey, async () =>
        {
            var row = await db.PlugNmeetServerSettings.OrderBy(s => s.Id).FirstOrDefaultAsync(cancellationToken);
            if (row is null)
            {
                row = new PlugNmeetServerSettings { TimeoutSeconds = options.Value.TimeoutSeconds };
                db.PlugNmeetServerSettings.Add(row);
            }
            var changed = new List<string>();
            if (!set.ServerUrl && row.UseSandbox != form.UseSandbox)
            {
                changed.Add(form.UseSandbox ? "switched to the built-in sandbox" : "switched from the sandbox to a plugNmeet server");
            }
            row.UseSandbox = form.UseSandbox;
            row.ServerUrl = Update(changed, "server URL", row.ServerUrl, form.ServerUrl, set.ServerUrl);
            row.ClientUrl = Update(changed, "client URL", row.ClientUrl, form.ClientUrl, set.ClientUrl);
            row.ApiKey = Update(changed, "API key", row.ApiKey, form.ApiKey, set.ApiKey);
            if (!set.ApiSecret && form.NewSecret.Length > 0)
            {
                (row.SealedSecret, row.SecretChangedAt) = (_sealer.Protect(form.NewSecret), now);
                changed.Add("secret replaced");
            }
            if (!set.TimeoutSeconds && row.TimeoutSeconds != form.TimeoutSeconds)
            {
                changed.Add($"timeout {row.TimeoutSeconds} s → {form.TimeoutSeconds} s");
                row.TimeoutSeconds = form.TimeoutSeconds;
            }
            (row.ChangedAt, row.ChangedBy) = (now, actor.Email);
            await db.SaveChangesAsync(cancellationToken);
            return changed;
        }, cancellationToken);
        await audit.AppendAsync(new AuditEntry
        {
            Kind = AuditKinds.PlugNmeetSettingsChanged, Actor = actor.Email, ActorRole = actor.Role, ClientIp = actor.ClientIp,
            Detail = "plugNmeet connection: " + (changes.Count == 0 ? "saved without changes" : string.Join("; ", changes)),
        }, cancellationToken);
        form.NewSecret = "";
        await RefreshAsync(cancellationToken);
        return [];
    }

    /// <summary>The field's new stored value; a configured field keeps its stored one (configuration wins anyway).</summary>
    private static string? Update(List<string> changed, string name, string? stored, string typed, bool configured)
    {
        var value = string.IsNullOrWhiteSpace(typed) ? null : typed.Trim();
        if (configured || value == stored)
        {
            return stored;
        }
        changed.Add($"{name} {(stored is null ? "(none)" : $"\"{stored}\"")} → {(value is null ? "(none)" : $"\"{value}\"")}");
        return value;
    }
}
