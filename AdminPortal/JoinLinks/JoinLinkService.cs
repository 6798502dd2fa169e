using System.Security.Cryptography;
using System.Text;
using AdminPortal.Audit;
using AdminPortal.Invites;
using AdminPortal.PlugNmeet;
using AdminPortal.Presets;
using AdminPortal.Rooms.Templates;
using AdminPortal.Staff;
using Microsoft.Extensions.Options;

namespace AdminPortal.JoinLinks;

/// <summary>A link ready to hand out: the URL, its QR code (made once; null when the link is too long for one) and when its token stops working.</summary>
public sealed record JoinLink(string Url, string? QrCodeDataUri, DateTimeOffset? ExpiresAt);

/// <summary>A join token from plugNmeet, or why there is none (<see cref="Failure"/> tells a refusal from an outage).</summary>
internal sealed record IssuedToken(string? Token, DateTimeOffset? ExpiresAt, string? Error, PlugNmeetFailure? Failure);

/// <summary>Either a link, or field messages (nothing was sent), or a refusal or upstream failure staff can act on.</summary>
public sealed record JoinLinkOutcome(JoinLink? Link, IReadOnlyDictionary<string, string> FieldErrors, string? Error)
{
    public bool Succeeded => Link is not null;

    internal static JoinLinkOutcome Failed(string error) => new(null, new Dictionary<string, string>(), error);
}

/// <summary>
/// Turns the generator form into a working link: checks the staff member's role and presets, makes sure the room is
/// running, asks plugNmeet for a token and builds the URL. Every issued or refused link is audited, and the audit
/// entry is written before the link is returned: no entry, no link.
/// </summary>
public sealed class JoinLinkService(PlugNmeetClient client, PlugNmeetConnection connection, PresetService presets, AuditLog audit,
    RoomTemplateService templates, IOptions<InviteOptions> addresses, ILogger<JoinLinkService> logger, IServiceProvider services)
{
    public async Task<JoinLinkOutcome> GenerateAsync(JoinLinkForm form, StaffActor actor, Uri portalBaseUri, CancellationToken cancellationToken = default)
    {
        var (refused, preset) = await CheckAsync(form, actor, AuditKinds.LinkRefused, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var clientUrl = connection.ClientUrl(portalBaseUri);
        // A link too long for its QR code is refused before plugNmeet issues (and the audit records) a token.
        var tooLong = LinkFit.Check(clientUrl, connection.ApiKey, form);
        if (tooLong.Count > 0)
        {
            return new(null, tooLong, null);
        }
        var issued = await IssueTokenAsync(form, Entry(AuditKinds.LinkIssued, form, actor, preset, "ok", null), portalBaseUri, cancellationToken);
        if (issued.Token is null)
        {
            return JoinLinkOutcome.Failed(issued.Error!);
        }
        var url = JoinLinkBuilder.Build(clientUrl, issued.Token, CustomDesign.ToJson(form.Design));
        logger.LogInformation("Issued a join link for room {RoomId}, user {UserId} (admin {IsAdmin}, hidden {IsHidden}) by {Staff}",
            form.RoomId.Trim(), form.UserId, form.IsAdmin, form.IsHidden, actor.Email);
        return new(new JoinLink(url, QrCodeImage.TryToPngDataUri(url), issued.ExpiresAt), new Dictionary<string, string>(), null);
    }

    /// <summary>
    /// Field rules, role, preset and presets-only checks. Returns the outcome to show when the form may not be used
    /// (a permission refusal is audited as <paramref name="refusedKind"/>), and the preset it came from.
    /// </summary>
    public async Task<(JoinLinkOutcome? Refused, Preset? Preset)> CheckAsync(JoinLinkForm form, StaffActor actor, string refusedKind,
        CancellationToken cancellationToken = default)
    {
        var errors = JoinLinkRules.Validate(form);
        if (errors.Count > 0)
        {
            return (new(null, errors, null), null);
        }
        var preset = form.PresetId is { } presetId ? await presets.FindAsync(presetId, cancellationToken) : null;
        var refusal = await RefusalAsync(form, actor, preset, cancellationToken);
        if (refusal is not null)
        {
            var entry = Entry(refusedKind, form, actor, preset, "refused", refusal);
            await TryAuditAsync(entry);
            if (refusedKind == AuditKinds.LinkRefused)
            {
                Metrics.Refused(entry, "permission");
            }
            return (JoinLinkOutcome.Failed(refusal), preset);
        }
        return (null, preset);
    }

    /// <summary>
    /// Makes sure the room is running and asks plugNmeet for a token. The audit entry (<paramref name="issued"/>, completed
    /// with the token's expiry and hash) is written before the token is returned: no entry, no token. A plugNmeet failure is
    /// audited too, as a refusal with outcome "refused" (plugNmeet said no) or "failed" (it could not be reached).
    /// </summary>
    internal async Task<IssuedToken> IssueTokenAsync(JoinLinkForm form, AuditEntry issued, Uri portalBaseUri, CancellationToken cancellationToken)
    {
        var fetched = await FetchTokenAsync(form, issued, portalBaseUri, cancellationToken);
        if (fetched.Token is null)
        {
            return fetched;
        }
        if (await TryAuditAsync(issued))
        {
            Metrics.Issued(issued);
            return fetched;
        }
        Metrics.Refused(issued, "audit");
        return new(null, null, "The link could not be recorded in the audit trail, so it is not shown. Try again, or tell an administrator.", null);
    }

    /// <summary>
    /// <see cref="IssueTokenAsync"/> without writing the success entry: the caller must write <paramref name="issued"/> (now
    /// holding the token's expiry and hash) before it hands the token out, e.g. in the same transaction as an invite use.
    /// A room it starts reports its events to this portal's webhook address (under <paramref name="portalBaseUri"/>).
    /// </summary>
    internal async Task<IssuedToken> FetchTokenAsync(JoinLinkForm form, AuditEntry issued, Uri portalBaseUri, CancellationToken cancellationToken)
    {
        var roomId = form.RoomId.Trim();
        string token;
        try
        {
            // The token first: a running room (the usual case) costs exactly one call. Only when plugNmeet answers that the room
            // is not running (never created, or ended) is it started and the token asked for once more. No token was issued by
            // the refused call, so the second one cannot knock anybody out (unlike a blind retry after a timeout).
            try
            {
                token = await client.GetJoinTokenAsync(ToRequest(form, roomId), cancellationToken);
            }
            catch (PlugNmeetException notRunning) when (notRunning.RoomNotRunning)
            {
                await StartRoomAsync(form, roomId, issued.Actor, portalBaseUri, cancellationToken);
                token = await client.GetJoinTokenAsync(ToRequest(form, roomId), cancellationToken);
            }
        }
        catch (PlugNmeetException ex)
        {
            logger.LogWarning("No join token for room {RoomId}: {Failure} {StatusCode}", roomId, ex.Failure, ex.StatusCode);
            issued.Kind = issued.Kind switch
            {
                AuditKinds.LinkIssued => AuditKinds.LinkRefused,
                AuditKinds.InviteUsed => AuditKinds.InviteUseRefused,
                var kind => kind,
            };
            issued.Outcome = ex.Failure == PlugNmeetFailure.Refused ? "refused" : "failed";
            issued.Detail = issued.Detail is null ? ex.Message : $"{issued.Detail}: {ex.Message}";
            await TryAuditAsync(issued);
            Metrics.Refused(issued, "plugnmeet");
            return new(null, null, ex.Message, ex.Failure);
        }

        var expiresAt = JoinLinkBuilder.ReadExpiry(token);
        issued.TokenExpiresAt = expiresAt;
        issued.TokenSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
        return new(token, expiresAt, null, null);
    }

    /// <summary>
    /// Creates the room with its template (the preset's, else the default) and records it for the rooms console. Losing that
    /// record must not lose the link: the room is running either way. Unless the template names another webhook address, the
    /// room reports joins and leaves to this portal (attendance; a server with <c>enable_for_per_meeting</c> sends them).
    /// </summary>
    private async Task StartRoomAsync(JoinLinkForm form, string roomId, string createdBy, Uri portalBaseUri, CancellationToken cancellationToken)
    {
        var template = await templates.ResolveAsync(form.PresetId, cancellationToken);
        var title = string.IsNullOrWhiteSpace(form.RoomTitle) ? roomId : form.RoomTitle.Trim();
        var room = await client.CreateRoomAsync(roomId, title, template.Settings, WebhookUrl(portalBaseUri), cancellationToken);
        logger.LogInformation("Created plugNmeet room {RoomId} with template {Template}", roomId, template.Name);
        try
        {
            await templates.RecordStartedRoomAsync(roomId, room?.Sid, createdBy, template, CancellationToken.None);
        }
        catch (Exception ex) when (ex is Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogError(ex, "Could not record that the portal started room {RoomId}", roomId);
        }
    }

    /// <summary>Where plugNmeet should send this portal's webhooks.</summary>
    public string WebhookUrl(Uri portalBaseUri) => addresses.Value.BaseUrlFor(portalBaseUri) + Webhooks.WebhookEndpoints.Path;

    internal JoinLinkMetrics Metrics => services.GetRequiredService<JoinLinkMetrics>();

    /// <summary>Why this staff member may not issue this link, or null when they may.</summary>
    private async Task<string?> RefusalAsync(JoinLinkForm form, StaffActor actor, Preset? preset, CancellationToken cancellationToken)
    {
        if (!StaffRoles.MayIssue(actor.Role, form.IsAdmin, form.IsHidden))
        {
            return $"Your role ({actor.Role}) may not issue {(form.IsAdmin ? "administrator" : "hidden")} links.";
        }
        if (form.PresetId is not null && (preset is null || !preset.AllowedFor(actor.Role)))
        {
            return $"Your role ({actor.Role}) may not use this preset.";
        }
        if (await presets.IsPresetsOnlyAsync(actor.Role, cancellationToken) && (preset is null || !preset.Matches(form)))
        {
            return $"Your role ({actor.Role}) may only issue links exactly as a preset defines them: pick a preset and keep its settings.";
        }
        return null;
    }

    internal static AuditEntry Entry(string kind, JoinLinkForm form, StaffActor actor, Preset? preset, string outcome, string? detail) =>
        Entry(kind, form, actor.Email, actor.Role, actor.ClientIp, preset?.Name, outcome, detail);

    internal static AuditEntry Entry(string kind, JoinLinkForm form, string actor, string actorRole, string clientIp, string? preset,
        string outcome, string? detail) => new()
    {
        Kind = kind,
        Actor = actor,
        ActorRole = actorRole,
        ClientIp = clientIp,
        RoomId = form.RoomId.Trim(),
        DisplayName = form.DisplayName.Trim(),
        UserId = form.UserId,
        IsAdmin = form.IsAdmin,
        IsHidden = form.IsHidden,
        Locks = form.IsAdmin ? "" : string.Join(" ", PlugNmeetLocks.All.Where(l => form.Locks.Contains(l.Key)).Select(l => l.Key)),
        Design = CustomDesign.ToJson(form.Design),
        Preset = preset,
        Reason = string.IsNullOrWhiteSpace(form.Reason) ? null : form.Reason.Trim(),
        Outcome = outcome,
        Detail = detail,
    };

    private async Task<bool> TryAuditAsync(AuditEntry entry)
    {
        try
        {
            await audit.AppendAsync(entry);
            return true;
        }
        catch (Exception ex) when (ex is Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogError(ex, "Could not write the audit entry ({Kind}) for room {RoomId}", entry.Kind, entry.RoomId);
            return false;
        }
    }

    /// <summary>The getJoinToken body. Locks are left out for administrators: plugNmeet discards them anyway.</summary>
    public static GenerateTokenRequest ToRequest(JoinLinkForm form, string roomId)
    {
        var metadata = new UserMetadata
        {
            // plugNmeet checks profile_pic as a strict RFC 3986 URI, so the normalised form is what goes out.
            ProfilePic = string.IsNullOrWhiteSpace(form.AvatarUrl) ? null : JoinLinkRules.NormalizedUrl(form.AvatarUrl) ?? form.AvatarUrl.Trim(),
            PreferredLang = string.IsNullOrEmpty(form.PreferredLanguage) ? null : form.PreferredLanguage,
            LockSettings = form.IsAdmin ? null : PlugNmeetLocks.ToSettings(form.Locks),
        };
        var hasMetadata = metadata.ProfilePic is not null || metadata.PreferredLang is not null || metadata.LockSettings is not null;
        return new GenerateTokenRequest(roomId,
            new UserInfo(form.DisplayName.Trim(), form.UserId, form.IsAdmin, form.IsHidden, hasMetadata ? metadata : null));
    }
}
