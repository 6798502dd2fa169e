using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.JoinLinks;
using AdminPortal.PlugNmeet;
using AdminPortal.Staff;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminPortal.Invites;

/// <summary>What staff choose for an invite besides the generator form.</summary>
public sealed record InviteTerms(InviteKind Kind, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, int? MaxUses);

/// <summary>A created invite with its public URL and QR code, or why it was not created.</summary>
public sealed record InviteOutcome(Invite? Invite, string? Url, string? QrCodeDataUri, IReadOnlyDictionary<string, string> FieldErrors, string? Error)
{
    public bool Succeeded => Invite is not null;

    internal static InviteOutcome Failed(string error) => new(null, null, null, new Dictionary<string, string>(), error);
}

/// <summary>What opening an invite leads to: a redirect to the conference, a name form (open invites), or a refusal page.</summary>
public sealed record InviteOpening(string? RedirectUrl, Invite? Invite, InviteStatus? Refusal, bool Unknown, bool NeedsName, string? Error, string? NameError)
{
    public static readonly InviteOpening NotFound = new(null, null, null, true, false, null, null);
}

public sealed class InviteOptions
{
    public const string SectionName = "Invites";

    /// <summary>The portal's public address for invite links, e.g. https://portal.example.com. Empty: the address the request came in on.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Opens of /j/ links allowed per client address and minute.</summary>
    public int OpensPerMinute { get; set; } = 120;
}

/// <summary>
/// Portal-hosted invite links that mint a fresh token on each use, so a link in an e-mail, on paper or in a QR code on a
/// poster keeps working for days. Creation follows the same role and preset rules as direct links; every creation,
/// change and use is audited.
/// </summary>
public sealed class InviteService(IDbContextFactory<ApplicationDbContext> databases, JoinLinkService links, PlugNmeetConnection connection,
    AuditLog audit, IDataProtectionProvider protection, IOptions<InviteOptions> options, TimeProvider time, ILogger<InviteService> logger)
{
    public const string CodePath = "/j/";
    private readonly IDataProtector _sealer = protection.CreateProtector("AdminPortal.Invites.Code");

    public async Task<InviteSettings> GetSettingsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.InviteSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new InviteSettings();
    }

    public async Task<string?> SaveSettingsAsync(StaffActor actor, int maxValidDays, string contactText)
    {
        if (!actor.IsAdministrator)
        {
            throw new UnauthorizedAccessException("Only Administrators can change invite settings.");
        }
        if (maxValidDays is < 1 or > 366)
        {
            return "The longest validity must be between 1 and 366 days.";
        }
        await using var db = await databases.CreateDbContextAsync();
        var settings = await db.InviteSettings.FirstOrDefaultAsync();
        if (settings is null)
        {
            settings = new InviteSettings();
            db.InviteSettings.Add(settings);
        }
        settings.MaxValidDays = maxValidDays;
        settings.ContactText = contactText.Trim();
        await db.SaveChangesAsync();
        await AuditAsync(actor, AuditKinds.InviteChanged, $"invite settings: longest validity {maxValidDays} days, contact text \"{settings.ContactText}\"");
        return null;
    }

    public async Task<InviteOutcome> CreateAsync(JoinLinkForm form, InviteTerms terms, StaffActor actor, Uri requestBaseUri,
        CancellationToken cancellationToken = default)
    {
        // Open invites fix everything but the visitor, so their name and id are checked on use, not now.
        var checkedForm = terms.Kind == InviteKind.Open ? WithVisitor(form) : form;
        var (refused, preset) = await links.CheckAsync(checkedForm, actor, AuditKinds.InviteRefused, cancellationToken);
        if (refused is not null)
        {
            return new(null, null, null, refused.FieldErrors, refused.Error);
        }
        var settings = await GetSettingsAsync(cancellationToken);
        var termsError = CheckTerms(terms, settings);
        if (termsError is not null)
        {
            return new(null, null, null, new Dictionary<string, string> { ["Terms"] = termsError }, null);
        }

        var code = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)); // 128 random bits, URL-safe
        var invite = new Invite
        {
            CodeHash = Hash(code), SealedCode = _sealer.Protect(code), Kind = terms.Kind,
            RoomId = form.RoomId.Trim(), RoomTitle = form.RoomTitle.Trim(),
            DisplayName = terms.Kind == InviteKind.Personal ? form.DisplayName.Trim() : "",
            UserId = terms.Kind == InviteKind.Personal ? form.UserId : "",
            IsAdmin = form.IsAdmin, IsHidden = form.IsHidden, AvatarUrl = form.AvatarUrl.Trim(),
            Locks = [.. form.Locks], PreferredLanguage = form.PreferredLanguage,
            Design = form.Design.Where(d => !string.IsNullOrWhiteSpace(d.Value)).ToDictionary(d => d.Key, d => d.Value.Trim()),
            Preset = preset?.Name, Reason = string.IsNullOrWhiteSpace(form.Reason) ? null : form.Reason.Trim(),
            ValidFrom = terms.ValidFrom, ValidUntil = terms.ValidUntil, MaxUses = terms.MaxUses,
            CreatedBy = actor.Email, CreatedByUserId = actor.UserId, CreatedAt = time.GetUtcNow(),
        };
        var entry = JoinLinkService.Entry(AuditKinds.InviteCreated, checkedForm, actor, preset, "ok",
            $"{invite.Kind.ToString().ToLowerInvariant()} invite, valid {Utc(invite.ValidFrom)} to {Utc(invite.ValidUntil)}, " +
            $"uses {(invite.MaxUses?.ToString() ?? "unlimited")}");
        entry.TimeUtc = time.GetUtcNow();
        if (terms.Kind == InviteKind.Open)
        {
            (entry.DisplayName, entry.UserId) = (null, null);
        }
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            // One transaction: the invite exists only if its audit entry does.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Invites.Add(invite);
            await db.SaveChangesAsync(cancellationToken);
            entry.Detail = $"invite #{invite.Id}: {entry.Detail}";
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            logger.LogError(ex, "Could not store invite for room {RoomId} with its audit entry", invite.RoomId);
            return InviteOutcome.Failed("The invite could not be recorded in the audit trail, so it was not created. Try again, or tell an administrator.");
        }
        var url = UrlFor(code, requestBaseUri);
        return new(invite, url, QrCodeImage.ToPngDataUri(url), new Dictionary<string, string>(), null);
    }

    /// <summary>Staff see their own invites; Administrators see all. Newest first.</summary>
    public async Task<IReadOnlyList<Invite>> ListAsync(StaffActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var query = db.Invites.AsNoTracking();
        if (!actor.IsAdministrator)
        {
            query = query.Where(i => i.CreatedByUserId == actor.UserId);
        }
        return await query.OrderByDescending(i => i.Id).ToListAsync(cancellationToken);
    }

    /// <summary>The invite's public URL again (for its QR code), for its creator or an Administrator.</summary>
    public async Task<string?> UrlForAsync(StaffActor actor, int id, Uri requestBaseUri)
    {
        var invite = await FindOwnAsync(actor, id);
        if (invite is null)
        {
            return null;
        }
        try
        {
            return UrlFor(_sealer.Unprotect(invite.SealedCode), requestBaseUri);
        }
        catch (CryptographicException)
        {
            // The data-protection keys that sealed it are gone (e.g. a new server); the link itself still works.
            return null;
        }
    }

    public async Task<string?> RevokeAsync(StaffActor actor, int id)
    {
        await using var db = await databases.CreateDbContextAsync();
        var invite = await OwnQuery(db, actor).FirstOrDefaultAsync(i => i.Id == id);
        if (invite is null)
        {
            return "That invite does not exist or is not yours.";
        }
        invite.RevokedAt ??= time.GetUtcNow();
        await db.SaveChangesAsync();
        await AuditAsync(actor, AuditKinds.InviteChanged, $"revoked invite #{id} for room {invite.RoomId}", invite.RoomId);
        return null;
    }

    public async Task<string?> ExtendAsync(StaffActor actor, int id, DateTimeOffset validUntil)
    {
        await using var db = await databases.CreateDbContextAsync();
        var invite = await OwnQuery(db, actor).FirstOrDefaultAsync(i => i.Id == id);
        if (invite is null)
        {
            return "That invite does not exist or is not yours.";
        }
        if (invite.RevokedAt is not null)
        {
            return "A revoked invite cannot be extended.";
        }
        if (!StaffRoles.MayIssue(actor.Role, invite.IsAdmin, invite.IsHidden))
        {
            return $"Your role ({actor.Role}) may not issue {(invite.IsAdmin ? "administrator" : "hidden")} links, so it cannot extend this invite.";
        }
        var error = CheckTerms(new InviteTerms(invite.Kind, invite.ValidFrom, validUntil, invite.MaxUses), await GetSettingsAsync(), extending: true);
        if (error is not null)
        {
            return error;
        }
        invite.ValidUntil = validUntil;
        await db.SaveChangesAsync();
        await AuditAsync(actor, AuditKinds.InviteChanged, $"extended invite #{id} to {Utc(validUntil)}", invite.RoomId);
        return null;
    }

    /// <summary>
    /// Someone opened <c>/j/{code}</c>. On success a use is counted (atomically, so a one-use invite gives exactly one token
    /// however many open it at once) and the conference URL with a fresh token is returned.
    /// </summary>
    public async Task<InviteOpening> OpenAsync(string code, string? visitorName, string clientIp, Uri requestBaseUri,
        CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var hash = Hash(code);
        var invite = await db.Invites.AsNoTracking().FirstOrDefaultAsync(i => i.CodeHash == hash, cancellationToken);
        if (invite is null)
        {
            return InviteOpening.NotFound;
        }
        var now = time.GetUtcNow();
        var status = invite.StatusAt(now);
        if (status == InviteStatus.Active && !await CreatorMayStillIssueAsync(db, invite, cancellationToken))
        {
            // An invite is only as good as its creator's standing: disabled staff, or a role that lost the right, end it.
            status = InviteStatus.Revoked;
        }
        if (status != InviteStatus.Active)
        {
            await AuditUseAsync(invite, null, clientIp, "refused", $"invite #{invite.Id} is {Describe(status)}");
            return new(null, invite, status, false, false, null, null);
        }
        if (invite.Kind == InviteKind.Open)
        {
            if (visitorName is null)
            {
                return new(null, invite, null, false, true, null, null);
            }
            if (JoinLinkRules.DisplayName(visitorName) is { } nameError)
            {
                return new(null, invite, null, false, true, null, nameError);
            }
        }

        // Count the use first, in one statement: concurrent opens of a used-up invite find no row to update.
        var counted = await db.Invites
            .Where(i => i.Id == invite.Id && i.RevokedAt == null && i.ValidFrom <= now && i.ValidUntil > now && (i.MaxUses == null || i.Uses < i.MaxUses))
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.Uses, i => i.Uses + 1).SetProperty(i => i.LastUsedAt, now), cancellationToken);
        if (counted == 0)
        {
            var current = (await db.Invites.AsNoTracking().FirstAsync(i => i.Id == invite.Id, cancellationToken)).StatusAt(now);
            await AuditUseAsync(invite, null, clientIp, "refused", $"invite #{invite.Id} is {Describe(current)}");
            return new(null, invite, current == InviteStatus.Active ? InviteStatus.UsedUp : current, false, false, null, null);
        }

        var form = invite.ToForm(visitorName?.Trim());
        var entry = JoinLinkService.Entry(AuditKinds.InviteUsed, form, $"invite #{invite.Id} by {invite.CreatedBy}", "visitor", clientIp,
            invite.Preset, "ok", $"invite #{invite.Id}, use {invite.Uses + 1}{(invite.MaxUses is { } max ? $" of {max}" : "")}");
        (string? Token, DateTimeOffset? ExpiresAt, string? Error) issued = (null, null, null);
        try
        {
            // The use is counted: finish even if the visitor goes away, so the count and the audit trail stay true.
            issued = await links.IssueTokenAsync(form, entry, CancellationToken.None);
        }
        finally
        {
            if (issued.Token is null)
            {
                // The visitor got nothing, so the use does not count.
                await db.Invites.Where(i => i.Id == invite.Id).ExecuteUpdateAsync(set => set.SetProperty(i => i.Uses, i => i.Uses - 1), CancellationToken.None);
            }
        }
        if (issued.Token is null)
        {
            logger.LogWarning("Invite #{InviteId} could not be used: {Error}", invite.Id, issued.Error);
            return new(null, invite, null, false, false, "The conference server could not be reached just now. Please try again in a minute.", null);
        }
        var url = JoinLinkBuilder.Build(connection.ClientUrl(requestBaseUri), issued.Token, CustomDesign.ToJson(invite.Design));
        return new(url, invite, null, false, false, null, null);
    }

    public static string Describe(InviteStatus status) => status switch
    {
        InviteStatus.Active => "active",
        InviteStatus.NotYetValid => "not yet valid",
        InviteStatus.Expired => "expired",
        InviteStatus.Revoked => "revoked",
        _ => "used up",
    };

    private string UrlFor(string code, Uri requestBaseUri)
    {
        var baseUrl = string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl) ? requestBaseUri.GetLeftPart(UriPartial.Authority) + requestBaseUri.AbsolutePath
            : options.Value.PublicBaseUrl;
        return baseUrl.TrimEnd('/') + CodePath + code;
    }

    private string? CheckTerms(InviteTerms terms, InviteSettings settings, bool extending = false)
    {
        var now = time.GetUtcNow();
        if (terms.ValidUntil <= terms.ValidFrom || terms.ValidUntil <= now)
        {
            return "\"Valid until\" must be later than \"valid from\" and in the future.";
        }
        if (!extending && terms.ValidFrom < now.AddMinutes(-5))
        {
            return "\"Valid from\" cannot be in the past.";
        }
        var start = extending || terms.ValidFrom < now ? now : terms.ValidFrom;
        if (terms.ValidUntil > start.AddDays(settings.MaxValidDays).AddMinutes(1))
        {
            return $"Invites can be valid for at most {settings.MaxValidDays} days (set by an Administrator).";
        }
        if (terms.ValidFrom > now.AddDays(settings.MaxValidDays))
        {
            return $"An invite must start within {settings.MaxValidDays} days.";
        }
        return terms.MaxUses is < 1 ? "Maximum uses must be at least 1 (or empty for unlimited)." : null;
    }

    private static JoinLinkForm WithVisitor(JoinLinkForm form)
    {
        var invite = new Invite
        {
            CodeHash = "", SealedCode = "", CreatedBy = "", CreatedByUserId = "", Kind = InviteKind.Open, RoomId = form.RoomId,
            RoomTitle = form.RoomTitle, IsAdmin = form.IsAdmin, IsHidden = form.IsHidden, AvatarUrl = form.AvatarUrl, Locks = [.. form.Locks],
            PreferredLanguage = form.PreferredLanguage, Design = new(form.Design), Reason = form.Reason,
        };
        var stand = invite.ToForm("Visitor");
        stand.PresetId = form.PresetId;
        return stand;
    }

    private static async Task<bool> CreatorMayStillIssueAsync(ApplicationDbContext db, Invite invite, CancellationToken cancellationToken)
    {
        var creator = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == invite.CreatedByUserId, cancellationToken);
        var role = creator is null ? null : await StaffDirectory.RoleOfAsync(db, creator.Id, cancellationToken);
        return creator is { IsDisabled: false } && role is not null && StaffRoles.MayIssue(role, invite.IsAdmin, invite.IsHidden);
    }

    private async Task<Invite?> FindOwnAsync(StaffActor actor, int id)
    {
        await using var db = await databases.CreateDbContextAsync();
        return await OwnQuery(db, actor).AsNoTracking().FirstOrDefaultAsync(i => i.Id == id);
    }

    private static IQueryable<Invite> OwnQuery(ApplicationDbContext db, StaffActor actor) =>
        actor.IsAdministrator ? db.Invites : db.Invites.Where(i => i.CreatedByUserId == actor.UserId);

    private Task AuditUseAsync(Invite invite, string? name, string clientIp, string outcome, string detail) => audit.AppendAsync(new AuditEntry
    {
        Kind = outcome == "ok" ? AuditKinds.InviteUsed : AuditKinds.InviteUseRefused, Actor = $"invite #{invite.Id} by {invite.CreatedBy}",
        ActorRole = "visitor", ClientIp = clientIp, RoomId = invite.RoomId, DisplayName = name ?? (invite.DisplayName.Length > 0 ? invite.DisplayName : null),
        UserId = invite.UserId.Length > 0 ? invite.UserId : null, IsAdmin = invite.IsAdmin, IsHidden = invite.IsHidden, Preset = invite.Preset,
        Outcome = outcome, Detail = detail,
    });

    private Task AuditAsync(StaffActor actor, string kind, string detail, string? roomId = null) => audit.AppendAsync(new AuditEntry
    {
        Kind = kind, Actor = actor.Email, ActorRole = actor.Role, ClientIp = actor.ClientIp, RoomId = roomId, Detail = detail,
    });

    private static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    private static string Utc(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm") + " UTC";
}
