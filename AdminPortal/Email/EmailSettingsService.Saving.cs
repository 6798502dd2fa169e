using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.Staff;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Email;

public sealed partial class EmailSettingsService
{
    /// <summary>
    /// Saves the typed values (Administrators only): the password sealed when a new one is typed, removed when asked, kept otherwise.
    /// Audits what changed (never the password). Returns problems by field, empty when saved.
    /// </summary>
    public async Task<Dictionary<string, string>> SaveAsync(StaffActor actor, EmailSettingsForm form, CancellationToken cancellationToken = default)
    {
        EnsureAdministrator(actor);
        var problems = EmailSettingsRules.Check(form);
        if (problems.Count > 0)
        {
            return problems;
        }
        var now = time.GetUtcNow();
        redaction.AddSecret(form.NewPassword);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // One row, created by the first save; under the settings lock two instances saving at once cannot both insert one.
        var changes = await PortalDatabase.SerializedAsync(db, PortalDatabase.SettingsLockKey, async () =>
        {
            var row = await db.EmailServerSettings.OrderBy(s => s.Id).FirstOrDefaultAsync(cancellationToken);
            if (row is null)
            {
                row = new EmailServerSettings();
                db.EmailServerSettings.Add(row);
            }
            var changed = new List<string>();
            row.Host = Changed(changed, "host", row.Host, form.Host);
            if (row.Port != form.Port || row.Security != form.Security)
            {
                changed.Add($"port and security {row.Port} {row.Security} → {form.Port} {form.Security}");
                (row.Port, row.Security) = (form.Port, form.Security);
            }
            row.UserName = Changed(changed, "user name", row.UserName, form.UserName);
            if (form.NewPassword.Length > 0)
            {
                (row.SealedPassword, row.PasswordChangedAt) = (_sealer.Protect(form.NewPassword), now);
                changed.Add("password replaced");
            }
            else if (form.ClearPassword && row.SealedPassword is not null)
            {
                (row.SealedPassword, row.PasswordChangedAt) = (null, now);
                changed.Add("password removed");
            }
            row.SenderName = Changed(changed, "sender name", row.SenderName, form.SenderName);
            row.SenderAddress = Changed(changed, "sender address", row.SenderAddress, form.SenderAddress);
            row.ReplyTo = Changed(changed, "reply-to", row.ReplyTo, form.ReplyTo);
            (row.ChangedAt, row.ChangedBy) = (now, actor.Email);
            await db.SaveChangesAsync(cancellationToken);
            return changed;
        }, cancellationToken);
        await audit.AppendAsync(new AuditEntry
        {
            Kind = AuditKinds.EmailSettingsChanged, Actor = actor.Email, ActorRole = actor.Role, ClientIp = actor.ClientIp,
            Detail = "E-mail settings: " + (changes.Count == 0 ? "saved without changes" : string.Join("; ", changes)),
        }, cancellationToken);
        (form.NewPassword, form.ClearPassword) = ("", false);
        return [];
    }

    /// <summary>The trimmed new value (null when empty), noting the change in words.</summary>
    private static string? Changed(List<string> changed, string name, string? stored, string typed)
    {
        var value = string.IsNullOrWhiteSpace(typed) ? null : typed.Trim();
        if (value != stored)
        {
            changed.Add($"{name} {Quoted(stored)} → {Quoted(value)}");
        }
        return value;
    }

    private static string Quoted(string? value) => value is null ? "(none)" : $"\"{value}\"";
}
