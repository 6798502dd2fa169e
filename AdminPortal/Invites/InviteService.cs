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
/// <param name="AdministratorRiskAccepted">Staff confirmed that an open invite makes every visitor an administrator.</param>
public sealed record InviteTerms(InviteKind Kind, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, int? MaxUses,
    bool AdministratorRiskAccepted = false);

/// <summary>One page of the invites list and how many invites match in all.</summary>
public sealed record InviteListPage(IReadOnlyList<Invite> Items, int Total);

/// <summary>A created invite with its public URL and QR code, or why it was not created.</summary>
public sealed record InviteOutcome(Invite? Invite, string? Url, string? QrCodeDataUri, IReadOnlyDictionary<string, string> FieldErrors, string? Error)
{
    public bool Succeeded => Invite is not null;

    internal static InviteOutcome Failed(string error) => new(null, null, null, new Dictionary<string, string>(), error);
}

/// <summary>
/// Portal-hosted invite links that mint a fresh token on each use, so a link in an e-mail, on paper or in a QR code on a
/// poster keeps working for days. Creation follows the same role and preset rules as direct links; every creation,
/// change and use is audited.
/// </summary>
public sealed partial class InviteService(IDbContextFactory<ApplicationDbContext> databases, JoinLinkService links, PlugNmeetConnection connection,
    AuditLog audit, InviteCodes codes, IOptions<InviteOptions> options, TimeProvider time, ILogger<InviteService> logger,
    IServiceProvider services)
{
    public const string CodePath = "/j/";

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
        var termsError = CheckTerms(terms, settings)
            ?? (terms.Kind == InviteKind.Open && form.IsAdmin && !terms.AdministratorRiskAccepted
                ? "An open invite with Administrator on makes everyone who opens it an administrator: confirm that risk first." : null);
        if (termsError is not null)
        {
            return new(null, null, null, new Dictionary<string, string> { ["Terms"] = termsError }, null);
        }

        var invite = NewInvite(form, terms, actor, preset);
        var entry = JoinLinkService.Entry(AuditKinds.InviteCreated, checkedForm, actor, preset, "ok", Summary(invite));
        return await StoreAsync(invite, entry, requestBaseUri, null, cancellationToken);
    }

    /// <summary>The invite <paramref name="form"/> and <paramref name="terms"/> stand for, without its code (shared with bulk batches).</summary>
    internal static Invite NewInvite(JoinLinkForm form, InviteTerms terms, StaffActor actor, Presets.Preset? preset) => new()
    {
        CodeHash = "", SealedCode = "", Kind = terms.Kind,
        RoomId = form.RoomId.Trim(), RoomTitle = form.RoomTitle.Trim(),
        DisplayName = terms.Kind == InviteKind.Personal ? form.DisplayName.Trim() : "",
        UserId = terms.Kind == InviteKind.Personal ? form.UserId : "",
        IsAdmin = form.IsAdmin, IsHidden = form.IsHidden, AvatarUrl = form.AvatarUrl.Trim(),
        Locks = [.. form.Locks], PreferredLanguage = form.PreferredLanguage,
        Design = form.Design.Where(d => !string.IsNullOrWhiteSpace(d.Value)).ToDictionary(d => d.Key, d => d.Value.Trim()),
        Preset = preset?.Name, PresetId = preset?.Id, Reason = string.IsNullOrWhiteSpace(form.Reason) ? null : form.Reason.Trim(),
        ValidFrom = terms.ValidFrom, ValidUntil = terms.ValidUntil, MaxUses = terms.MaxUses,
        CreatedBy = actor.Email, CreatedByUserId = actor.UserId,
    };

    /// <summary>
    /// Gives <paramref name="invite"/> a fresh code and stores it with its audit entry in one transaction (the invite exists
    /// only if its entry does), together with <paramref name="alongside"/> (e.g. revoking the invite it replaces).
    /// </summary>
    private async Task<InviteOutcome> StoreAsync(Invite invite, AuditEntry entry, Uri requestBaseUri,
        Func<ApplicationDbContext, Invite, Task>? alongside, CancellationToken cancellationToken)
    {
        var (code, hash, sealedCode) = codes.Mint();
        (invite.CodeHash, invite.SealedCode, invite.CreatedAt) = (hash, sealedCode, time.GetUtcNow());
        entry.TimeUtc = invite.CreatedAt;
        if (invite.Kind == InviteKind.Open)
        {
            (entry.DisplayName, entry.UserId) = (null, null);
        }
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Invites.Add(invite);
            await db.SaveChangesAsync(cancellationToken);
            if (alongside is not null)
            {
                await alongside(db, invite);
            }
            entry.Detail = $"invite #{invite.Id}: {entry.Detail}";
            entry.InviteId = invite.Id;
            AuditLog.Stage(db, entry, entry.TimeUtc);
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

    internal static string Summary(Invite invite) =>
        $"{invite.Kind.ToString().ToLowerInvariant()} invite, visitors join as {RoleOf(invite)}, valid {Utc(invite.ValidFrom)} to {Utc(invite.ValidUntil)}, " +
        $"uses {(invite.MaxUses?.ToString() ?? "unlimited")}";

    /// <summary>"Open invite · visitors join as ADMINISTRATOR": the role is what makes an invite risky, so staff see it spelt out.</summary>
    public static string KindLabel(Invite invite) => invite.Kind == InviteKind.Open
        ? $"Open invite · visitors join as {RoleOf(invite).ToUpperInvariant()}"
        : $"Personal invite · joins as {RoleOf(invite).ToUpperInvariant()}";

    /// <summary>How visitors of the invite join: "administrator", "hidden observer" or "participant".</summary>
    public static string RoleOf(Invite invite) => invite.IsAdmin ? "administrator" : invite.IsHidden ? "hidden observer" : "participant";

    /// <summary>Invites shown per page on the Invites page.</summary>
    public const int PageSize = 25;

    /// <summary>
    /// One page of invites, newest first, and how many match: staff see their own, Administrators all. <paramref name="search"/>
    /// matches room id or title, the person's name or user id, and the creator's e-mail, case-insensitively, in the database;
    /// <paramref name="batchId"/> keeps the invites of one bulk batch.
    /// </summary>
    public async Task<InviteListPage> ListAsync(StaffActor actor, string? search = null, int page = 0, int pageSize = PageSize,
        CancellationToken cancellationToken = default, int? batchId = null)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var query = OwnQuery(db, actor).AsNoTracking();
        if (batchId is not null)
        {
            query = query.Where(i => i.BatchId == batchId);
        }
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            query = query.Where(i => i.RoomId.ToLower().Contains(term) || i.RoomTitle.ToLower().Contains(term) || i.DisplayName.ToLower().Contains(term)
                || i.UserId.ToLower().Contains(term) || i.CreatedBy.ToLower().Contains(term));
        }
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(i => i.Id).Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 100)).ToListAsync(cancellationToken);
        return new(items, total);
    }

    /// <summary>The invite's public URL again (for its QR code), for its creator or an Administrator.</summary>
    public async Task<string?> UrlForAsync(StaffActor actor, int id, Uri requestBaseUri)
    {
        // Null also when the data-protection keys that sealed it are gone (e.g. a new server); the link itself still works.
        var invite = await FindOwnAsync(actor, id);
        return invite is null ? null : codes.TryUrlFor(invite, requestBaseUri);
    }

    public static string Describe(InviteStatus status) => status switch
    {
        InviteStatus.Active => "active",
        InviteStatus.NotYetValid => "not yet valid",
        InviteStatus.Expired => "expired",
        InviteStatus.Revoked => "revoked",
        _ => "used up",
    };

    private string UrlFor(string code, Uri requestBaseUri) => codes.UrlFor(code, requestBaseUri);

    internal string? CheckTerms(InviteTerms terms, InviteSettings settings, bool extending = false)
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
        // One query (every Join asks): the creator's standing and role together.
        var creator = await db.Users.Where(u => u.Id == invite.CreatedByUserId)
            .Select(u => new { u.IsDisabled, Role = db.UserRoles.Where(l => l.UserId == u.Id).Join(db.Roles, l => l.RoleId, r => r.Id, (l, r) => r.Name).FirstOrDefault() })
            .FirstOrDefaultAsync(cancellationToken);
        return creator is { IsDisabled: false, Role: { } role } && StaffRoles.MayIssue(role, invite.IsAdmin, invite.IsHidden);
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
        Outcome = outcome, Detail = detail, InviteId = invite.Id,
    });

    private Task AuditAsync(StaffActor actor, string kind, string detail, string? roomId = null, int? inviteId = null) => audit.AppendAsync(new AuditEntry
    {
        Kind = kind, Actor = actor.Email, ActorRole = actor.Role, ClientIp = actor.ClientIp, RoomId = roomId, Detail = detail, InviteId = inviteId,
    });

    private static string Hash(string code) => InviteCodes.Hash(code);

    private static string Utc(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm") + " UTC";
}
