using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.JoinLinks;
using AdminPortal.Staff;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Invites;

/// <summary>What staff do with an existing invite: revoke, extend, allow one more use, re-issue.</summary>
public sealed partial class InviteService
{
    private const string NotYours = "That invite does not exist or is not yours.";

    /// <summary>How long after a revoke <see cref="UndoRevokeAsync"/> still restores the invite (the snackbar's Undo shows for less).</summary>
    public static readonly TimeSpan RevokeUndoWindow = TimeSpan.FromSeconds(30);

    /// <summary>Revokes the invite: every later open is refused. Undo it within <see cref="RevokeUndoWindow"/> with <see cref="UndoRevokeAsync"/>.</summary>
    public async Task<string?> RevokeAsync(StaffActor actor, int id)
    {
        await using var db = await databases.CreateDbContextAsync();
        var invite = await OwnQuery(db, actor).FirstOrDefaultAsync(i => i.Id == id);
        if (invite is null)
        {
            return NotYours;
        }
        if (invite.RevokedAt is not null)
        {
            // A second revoke would change nothing, and its Undo must not restore an invite revoked long ago.
            return $"Invite #{id} is already revoked.";
        }
        invite.RevokedAt = time.GetUtcNow();
        await db.SaveChangesAsync();
        await AuditAsync(actor, AuditKinds.InviteChanged, $"revoked invite #{id} for room {invite.RoomId}", invite.RoomId, id);
        return null;
    }

    /// <summary>
    /// Takes back a revoke made at most <see cref="RevokeUndoWindow"/> ago (checked here, on the server's clock), so the invite is
    /// exactly as it was before; audited as an undo. Refused later, or when the invite was re-issued meanwhile.
    /// </summary>
    public async Task<string?> UndoRevokeAsync(StaffActor actor, int id)
    {
        await using var db = await databases.CreateDbContextAsync();
        var invite = await OwnQuery(db, actor).FirstOrDefaultAsync(i => i.Id == id);
        if (invite is null)
        {
            return NotYours;
        }
        if (invite.RevokedAt is not { } revokedAt || invite.ReplacedById is not null || time.GetUtcNow() - revokedAt > RevokeUndoWindow)
        {
            return $"Invite #{id} can no longer be restored: a revoke can only be undone within {RevokeUndoWindow.TotalSeconds:0} seconds. " +
                "Re-issue it to get a new link with the same settings.";
        }
        invite.RevokedAt = null;
        await db.SaveChangesAsync();
        await AuditAsync(actor, AuditKinds.InviteChanged, $"undid the revoke of invite #{id} for room {invite.RoomId}: restored as it was", invite.RoomId, id);
        return null;
    }

    public async Task<string?> ExtendAsync(StaffActor actor, int id, DateTimeOffset validUntil)
    {
        await using var db = await databases.CreateDbContextAsync();
        var invite = await OwnQuery(db, actor).FirstOrDefaultAsync(i => i.Id == id);
        if (ChangeRefusal(actor, invite) is { } refusal)
        {
            return refusal;
        }
        if (invite!.MaxUses is { } max && invite.Uses >= max)
        {
            return $"Invite #{id} has been used {max} time{(max == 1 ? "" : "s")}, as many as it allows, so a later end date would not help. " +
                "Use \"Allow one more use\" to let it be opened again.";
        }
        var error = CheckTerms(new InviteTerms(invite.Kind, invite.ValidFrom, validUntil, invite.MaxUses), await GetSettingsAsync(), extending: true);
        if (error is not null)
        {
            return error;
        }
        invite.ValidUntil = validUntil;
        await db.SaveChangesAsync();
        await AuditAsync(actor, AuditKinds.InviteChanged, $"extended invite #{id} to {Utc(validUntil)}", invite.RoomId, id);
        return null;
    }

    /// <summary>Raises the invite's maximum uses by one (e.g. after a visitor's use went wrong), audited.</summary>
    public async Task<string?> AllowOneMoreUseAsync(StaffActor actor, int id)
    {
        await using var db = await databases.CreateDbContextAsync();
        var invite = await OwnQuery(db, actor).FirstOrDefaultAsync(i => i.Id == id);
        if (invite is { RevokedAt: not null, ReplacedById: null })
        {
            return $"Invite #{id} is revoked, so one more use would not help: nobody can open it. Re-issue it to get a new link with the same settings.";
        }
        if (ChangeRefusal(actor, invite) is { } refusal)
        {
            return refusal;
        }
        if (invite!.ValidUntil <= time.GetUtcNow())
        {
            return $"Invite #{id} expired on {Utc(invite.ValidUntil)}, so one more use would not help: nobody can open it. " +
                "Extend it (or re-issue it) first.";
        }
        if (invite.MaxUses is null)
        {
            return $"Invite #{id} already has unlimited uses.";
        }
        // One statement, so a use reserved meanwhile is not overwritten.
        await db.Invites.Where(i => i.Id == id).ExecuteUpdateAsync(set => set.SetProperty(i => i.MaxUses, i => i.MaxUses + 1));
        await AuditAsync(actor, AuditKinds.InviteChanged, $"allowed one more use of invite #{id} (now at most {invite.MaxUses + 1})", invite.RoomId, id);
        return null;
    }

    /// <summary>
    /// A new invite with a new code and the same settings, valid from now for as long as the old one was (within today's
    /// longest validity); the old one is revoked and points to it. Both happen with the audit entry in one transaction.
    /// </summary>
    public async Task<InviteOutcome> ReissueAsync(StaffActor actor, int id, Uri requestBaseUri)
    {
        await using var db = await databases.CreateDbContextAsync();
        var old = await OwnQuery(db, actor).AsNoTracking().FirstOrDefaultAsync(i => i.Id == id);
        if (ChangeRefusal(actor, old, reissuing: true) is { } refusal)
        {
            return InviteOutcome.Failed(refusal);
        }
        // Today's rules apply: settings the server would now refuse are not issued again.
        if (JoinLinkRules.Validate(old!.Kind == InviteKind.Open ? WithVisitor(old.ToForm()) : old.ToForm()) is { Count: > 0 } errors)
        {
            return InviteOutcome.Failed($"Invite #{id} cannot be re-issued as it is: {string.Join(" ", errors.Values.Distinct())} Create a new one instead.");
        }
        var settings = await GetSettingsAsync();
        var now = time.GetUtcNow();
        var length = TimeSpan.FromTicks(Math.Min((old.ValidUntil - old.ValidFrom).Ticks, TimeSpan.FromDays(settings.MaxValidDays).Ticks));
        var invite = new Invite
        {
            CodeHash = "", SealedCode = "", Kind = old.Kind, RoomId = old.RoomId, RoomTitle = old.RoomTitle, DisplayName = old.DisplayName,
            UserId = old.UserId, IsAdmin = old.IsAdmin, IsHidden = old.IsHidden, AvatarUrl = old.AvatarUrl, Locks = [.. old.Locks],
            PreferredLanguage = old.PreferredLanguage, Design = new(old.Design), Preset = old.Preset, PresetId = old.PresetId, Reason = old.Reason,
            ValidFrom = now, ValidUntil = now + length, MaxUses = old.MaxUses, CreatedBy = actor.Email, CreatedByUserId = actor.UserId,
        };
        var entry = JoinLinkService.Entry(AuditKinds.InviteCreated, invite.ToForm(), actor.Email, actor.Role, actor.ClientIp, old.Preset, "ok",
            $"re-issue of invite #{id} (revoked): {Summary(invite)}");
        return await StoreAsync(invite, entry, requestBaseUri, (store, created) => store.Invites.Where(i => i.Id == id)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.RevokedAt, i => i.RevokedAt ?? now).SetProperty(i => i.ReplacedById, created.Id)),
            CancellationToken.None);
    }

    /// <summary>Why this staff member may not change this invite, or null when they may.</summary>
    private static string? ChangeRefusal(StaffActor actor, Invite? invite, bool reissuing = false)
    {
        if (invite is null)
        {
            return NotYours;
        }
        if (invite.RevokedAt is not null && !reissuing)
        {
            return $"Invite #{invite.Id} is revoked; re-issue it to get a new link with the same settings.";
        }
        if (invite.ReplacedById is { } replacement)
        {
            return $"Invite #{invite.Id} was already re-issued as invite #{replacement}.";
        }
        return StaffRoles.MayIssue(actor.Role, invite.IsAdmin, invite.IsHidden) ? null
            : $"Your role ({actor.Role}) may not issue {(invite.IsAdmin ? "administrator" : "hidden")} links, so it cannot change this invite.";
    }
}
