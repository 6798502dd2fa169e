using AdminPortal.Audit;
using AdminPortal.Data;
using AdminPortal.JoinLinks;
using AdminPortal.PlugNmeet;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Invites;

/// <summary>
/// What opening an invite leads to: the landing page (GET), a redirect to the conference (Join), a name error (open
/// invites), a refusal page, plugNmeet refusing the invite's settings, or an outage.
/// </summary>
public sealed record InviteOpening
{
    public static readonly InviteOpening NotFound = new() { Unknown = true };

    public string? RedirectUrl { get; init; }
    public Invite? Invite { get; init; }
    public InviteStatus? Refusal { get; init; }
    public bool Unknown { get; init; }
    public string? NameError { get; init; }

    /// <summary>plugNmeet refused the token (a validation error, a blocked user): trying again will not help.</summary>
    public bool ServerRefused { get; init; }

    /// <summary>The server could not be reached or the use not recorded: trying again in a minute may help.</summary>
    public string? Outage { get; init; }

    /// <summary>The portal's plugNmeet settings are wrong (key, secret or address): staff must act, waiting will not help.</summary>
    public bool Misconfigured { get; init; }

    /// <summary>No use is left only because one is being opened (or a crashed process still holds it): free again within this time.</summary>
    public TimeSpan? BusyFor { get; init; }
}

public sealed partial class InviteService
{
    /// <summary>
    /// The invite behind <c>/j/{code}</c> and its status, for the landing page. Changes nothing a visitor could notice:
    /// no token, no use counted, no room created (link scanners fetch this too).
    /// </summary>
    public async Task<InviteOpening> ViewAsync(string code, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var (invite, status) = await FindAsync(db, code, cancellationToken);
        if (invite is null)
        {
            return InviteOpening.NotFound;
        }
        return status == InviteStatus.UsedUp && await HeldForAsync(db, invite.Id) is { } busy ? new() { Invite = invite, BusyFor = busy }
            : new() { Invite = invite, Refusal = status == InviteStatus.Active ? null : status };
    }

    /// <summary>
    /// The visitor pressed Join. A use is reserved (atomically, so a one-use invite gives exactly one token however many
    /// press Join at once), the token fetched, and the use confirmed together with its audit entry before the conference
    /// URL is returned. A use that gets no token is given back; one whose process died is given back when its lease runs out.
    /// With the <paramref name="nonce"/> of a landing page view, pressing Join again (a double-click) gets the first press's answer.
    /// </summary>
    public async Task<InviteOpening> UseAsync(string code, string? visitorName, string clientIp, Uri requestBaseUri, string? nonce = null)
    {
        var opening = await OpenAsync(code, visitorName, clientIp, requestBaseUri, nonce);
        services.GetRequiredService<InviteMetrics>().Opened(opening);
        return opening;
    }

    private async Task<InviteOpening> OpenAsync(string code, string? visitorName, string clientIp, Uri requestBaseUri, string? nonce)
    {
        await using var db = await databases.CreateDbContextAsync();
        var (invite, status) = await FindAsync(db, code, CancellationToken.None);
        if (invite is null)
        {
            return InviteOpening.NotFound;
        }
        if (!InviteJoinAttempts.IsWellFormed(nonce))
        {
            return await UseAsync(db, invite, status, visitorName, clientIp, requestBaseUri);
        }
        return await services.GetRequiredService<InviteJoinAttempts>().RunOnceAsync(invite.Id, nonce!,
            () => UseAsync(db, invite, status, visitorName, clientIp, requestBaseUri), wait => new() { Invite = invite, BusyFor = wait });
    }

    private async Task<InviteOpening> UseAsync(ApplicationDbContext db, Invite invite, InviteStatus status, string? visitorName, string clientIp,
        Uri requestBaseUri)
    {
        if (status == InviteStatus.UsedUp)
        {
            return await RefusedNowAsync(db, invite, clientIp, null);
        }
        if (status != InviteStatus.Active)
        {
            await AuditUseAsync(invite, null, clientIp, "refused", $"invite #{invite.Id} is {Describe(status)}");
            return new() { Invite = invite, Refusal = status };
        }
        if (invite.Kind == InviteKind.Open && VisitorNameWords.Problem(visitorName) is { } nameError)
        {
            return new() { Invite = invite, NameError = nameError };
        }

        var faults = services.GetService<InviteUseFaults>();
        var leases = new InviteUseLeases(db, time, options.Value.UseLease);
        // Without a limit there is no last use to guard: no lease, and the use is counted together with its audit entry in
        // the one write of the confirmation (a process that dies before it has counted nothing and handed out nothing).
        InviteUseLease? lease = null;
        if (invite.MaxUses is not null)
        {
            lease = await leases.ReserveAsync(invite.Id, CancellationToken.None);
            if (lease is null)
            {
                return await RefusedNowAsync(db, invite, clientIp, null);
            }
            faults?.At(InviteUseStep.AfterReserve);
        }
        var settled = false;
        try
        {
            var form = invite.ToForm(visitorName?.Trim());
            var entry = JoinLinkService.Entry(AuditKinds.InviteUsed, form, $"invite #{invite.Id} by {invite.CreatedBy}", "visitor", clientIp,
                invite.Preset, "ok", $"invite #{invite.Id}");
            entry.InviteId = invite.Id;
            // The use is reserved: finish even if the visitor goes away, so the count and the audit trail stay true.
            var issued = await links.FetchTokenAsync(form, entry, requestBaseUri, CancellationToken.None);
            if (issued.Token is null)
            {
                var refused = issued.Failure == PlugNmeetFailure.Refused;
                logger.LogWarning("Invite #{InviteId} could not be used: {Failure}", invite.Id, issued.Failure);
                settled = true;
                await ReleaseAsync(leases, invite.Id, lease, refused ? issued.Error : null, faults);
                return refused ? new() { Invite = invite, ServerRefused = true }
                    : issued.Failure is PlugNmeetFailure.Timeout or PlugNmeetFailure.Unreachable or PlugNmeetFailure.ServerError
                        ? new() { Invite = invite, Outage = "The conference server could not be reached just now. Please try again in a minute." }
                        : new() { Invite = invite, Misconfigured = true };
            }
            faults?.At(InviteUseStep.AfterToken);
            entry.Detail += invite.MaxUses is { } max ? $" (at most {max} use{(max == 1 ? "" : "s")})" : " (unlimited uses)";
            settled = await leases.ConfirmAsync(invite.Id, lease, entry, () => faults?.At(InviteUseStep.AtConfirm));
            if (!settled)
            {
                // The reservation ran out meanwhile and someone else took the last use (or the invite ended): this token is never shown.
                settled = true;
                return await RefusedNowAsync(db, invite, clientIp, lease is null ? "it ended before the token was recorded; the token was not handed out"
                    : "its reservation ran out before the token was recorded; the token was not handed out");
            }
            links.Metrics.Issued(entry);
            return new() { Invite = invite, RedirectUrl = JoinLinkBuilder.Build(connection.ClientUrl(requestBaseUri), issued.Token, CustomDesign.ToJson(invite.Design)) };
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
        {
            logger.LogError(ex, "Could not record the use of invite #{InviteId}", invite.Id);
            services.GetRequiredService<AuditMetrics>().WriteFailed(AuditKinds.InviteUsed);
            return new() { Invite = invite, Outage = "Your visit could not be recorded just now, so the meeting was not opened. Please try again in a minute." };
        }
        finally
        {
            if (!settled && lease is not null)
            {
                await ReleaseAsync(leases, invite.Id, lease, null, faults);
            }
        }
    }

    private static async Task ReleaseAsync(InviteUseLeases leases, int inviteId, InviteUseLease? lease, string? refusal, InviteUseFaults? faults)
    {
        faults?.At(InviteUseStep.AtRelease);
        await leases.ReleaseAsync(inviteId, lease, refusal);
    }

    /// <summary>
    /// No use was left: audit the refusal and say why, as the invite stands now. When only a use being opened holds the last
    /// one, the visitor is asked to try again in a moment rather than told it is used up.
    /// </summary>
    private async Task<InviteOpening> RefusedNowAsync(ApplicationDbContext db, Invite invite, string clientIp, string? why)
    {
        var current = (await db.Invites.AsNoTracking().FirstAsync(i => i.Id == invite.Id)).StatusAt(time.GetUtcNow());
        var refusal = current == InviteStatus.Active ? InviteStatus.UsedUp : current;
        if (refusal == InviteStatus.UsedUp && await HeldForAsync(db, invite.Id) is { } busy)
        {
            await AuditUseAsync(invite, null, clientIp, "refused",
                $"invite #{invite.Id} has no use left while one is being opened (free again within {Seconds(busy)} s){(why is null ? "" : $": {why}")}");
            return new() { Invite = invite, BusyFor = busy };
        }
        await AuditUseAsync(invite, null, clientIp, "refused", $"invite #{invite.Id} is {Describe(refusal)}{(why is null ? "" : $": {why}")}");
        return new() { Invite = invite, Refusal = refusal };
    }

    /// <summary>
    /// How long until the first lease of the invite runs out, or null when no use is being opened. A lease that ran out a moment
    /// ago but is not given back yet counts as "free again now" (zero): its use is on its way back, so the invite is not used up.
    /// </summary>
    private async Task<TimeSpan?> HeldForAsync(ApplicationDbContext db, int inviteId)
    {
        var now = time.GetUtcNow();
        var ends = await db.InviteUseLeases.Where(l => l.InviteId == inviteId).Select(l => l.ExpiresAt).ToListAsync();
        return ends.Count == 0 ? null : ends.Min() > now ? ends.Min() - now : TimeSpan.Zero;
    }

    /// <summary>Whole seconds to wait, at least one (for Retry-After).</summary>
    internal static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    /// <summary>The invite with this code and its status now (an invite ends with its creator's standing), freeing expired uses first.</summary>
    private async Task<(Invite? Invite, InviteStatus Status)> FindAsync(ApplicationDbContext db, string code, CancellationToken cancellationToken)
    {
        var hash = Hash(code);
        var now = time.GetUtcNow();
        var invite = await db.Invites.AsNoTracking().FirstOrDefaultAsync(i => i.CodeHash == hash, cancellationToken);
        if (invite is null)
        {
            return (null, InviteStatus.Revoked);
        }
        // Only invites with a use limit take leases (InviteUseLeases): the others skip this query.
        if (invite.MaxUses is not null && await db.InviteUseLeases.AnyAsync(l => l.InviteId == invite.Id && l.ExpiresAt <= now, cancellationToken))
        {
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                await InviteUseLeases.ReleaseExpiredAsync(db, now, invite.Id, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            invite = await db.Invites.AsNoTracking().FirstAsync(i => i.Id == invite.Id, cancellationToken);
        }
        var status = invite.StatusAt(now);
        // An invite is only as good as its creator's standing: disabled staff, or a role that lost the right, end it.
        return (invite, status == InviteStatus.Active && !await CreatorMayStillIssueAsync(db, invite, cancellationToken) ? InviteStatus.Revoked : status);
    }
}
