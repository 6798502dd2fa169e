using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.JoinLinks;
using AdminPortal.Staff;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Invites;

/// <summary>Invite settings an Administrator sets: longest validity, and what the public /j/ pages show (contact text, branding).</summary>
public sealed partial class InviteService
{
    /// <summary>Longest contact text on the refusal pages.</summary>
    public const int ContactTextMaxLength = 500;

    public async Task<InviteSettings> GetSettingsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.InviteSettings.AsNoTracking().OrderBy(s => s.Id).FirstOrDefaultAsync(cancellationToken) ?? new InviteSettings();
    }

    /// <summary>Why <paramref name="name"/> cannot be the organisation name, or null when it can (empty: none shown).</summary>
    public static string? OrganisationNameError(string? name) => (name ?? "").Trim().Length > InviteSettings.OrganisationNameMaxLength
        ? $"The organisation name can be at most {InviteSettings.OrganisationNameMaxLength} characters (it has {(name ?? "").Trim().Length})." : null;

    /// <summary>Why <paramref name="url"/> cannot be the logo address, or null when it can: empty, or a strict absolute https URL like avatars.</summary>
    public static string? LogoUrlError(string? url) => string.IsNullOrWhiteSpace(url) ? null
        : JoinLinkRules.HttpsUrl(url) is { } error ? error.Replace("picture.png", "logo.png", StringComparison.Ordinal)
        : JoinLinkRules.NormalizedUrl(url)!.Length > InviteSettings.LogoUrlMaxLength
            ? $"The logo address can be at most {InviteSettings.LogoUrlMaxLength} characters." : null;

    /// <summary>Saves the settings (Administrators only) and audits what they now are; returns why not, or null when saved.</summary>
    public async Task<string?> SaveSettingsAsync(StaffActor actor, int maxValidDays, string contactText, string organisationName = "", string? logoUrl = null)
    {
        if (!actor.IsAdministrator)
        {
            throw new UnauthorizedAccessException("Only Administrators can change invite settings.");
        }
        if (maxValidDays is < 1 or > 366)
        {
            return "The longest validity must be between 1 and 366 days.";
        }
        if (contactText.Trim().Length > ContactTextMaxLength)
        {
            return $"The contact text can be at most {ContactTextMaxLength} characters (it has {contactText.Trim().Length}).";
        }
        if ((OrganisationNameError(organisationName) ?? LogoUrlError(logoUrl)) is { } brandingError)
        {
            return brandingError;
        }
        var logo = string.IsNullOrWhiteSpace(logoUrl) ? null : JoinLinkRules.NormalizedUrl(logoUrl);
        await using var db = await databases.CreateDbContextAsync();
        // One row, created by the first save; under the settings lock two instances saving at once cannot both insert one.
        var settings = await PortalDatabase.SerializedAsync(db, PortalDatabase.SettingsLockKey, async () =>
        {
            var row = await db.InviteSettings.OrderBy(s => s.Id).FirstOrDefaultAsync();
            if (row is null)
            {
                row = new InviteSettings();
                db.InviteSettings.Add(row);
            }
            (row.MaxValidDays, row.ContactText, row.OrganisationName, row.LogoUrl) = (maxValidDays, contactText.Trim(), organisationName.Trim(), logo);
            await db.SaveChangesAsync();
            return row;
        });
        await AuditAsync(actor, AuditKinds.InviteChanged, $"invite settings: longest validity {maxValidDays} days, contact text \"{settings.ContactText}\", " +
            $"organisation name \"{settings.OrganisationName}\", logo {(settings.LogoUrl is null ? "none" : $"\"{settings.LogoUrl}\"")}");
        return null;
    }
}
