using AdminPortal.PlugNmeet;

namespace AdminPortal.JoinLinks;

/// <summary>A link ready to hand out: the URL, its QR code (made once) and when its token stops working.</summary>
public sealed record JoinLink(string Url, string QrCodeDataUri, DateTimeOffset? ExpiresAt);

/// <summary>Either a link, or field messages (nothing was sent), or an upstream failure staff can act on.</summary>
public sealed record JoinLinkOutcome(JoinLink? Link, IReadOnlyDictionary<string, string> FieldErrors, string? Error)
{
    public bool Succeeded => Link is not null;
}

/// <summary>Turns the generator form into a working link: makes sure the room is running, asks plugNmeet for a token, builds the URL.</summary>
public sealed class JoinLinkService(PlugNmeetClient client, PlugNmeetConnection connection, ILogger<JoinLinkService> logger)
{
    public async Task<JoinLinkOutcome> GenerateAsync(JoinLinkForm form, Uri portalBaseUri, CancellationToken cancellationToken = default)
    {
        var errors = JoinLinkRules.Validate(form);
        if (errors.Count > 0)
        {
            return new(null, errors, null);
        }

        var roomId = form.RoomId.Trim();
        try
        {
            // getJoinToken fails on a room that was never created or has ended, so start it first.
            if (!await client.IsRoomActiveAsync(roomId, cancellationToken))
            {
                var title = string.IsNullOrWhiteSpace(form.RoomTitle) ? roomId : form.RoomTitle.Trim();
                await client.CreateRoomAsync(roomId, title, cancellationToken);
                logger.LogInformation("Created plugNmeet room {RoomId}", roomId);
            }

            var token = await client.GetJoinTokenAsync(ToRequest(form, roomId), cancellationToken);
            var url = JoinLinkBuilder.Build(connection.ClientUrl(portalBaseUri), token, CustomDesign.ToJson(form.Design));
            logger.LogInformation("Issued a join link for room {RoomId}, user {UserId} (admin {IsAdmin}, hidden {IsHidden})",
                roomId, form.UserId, form.IsAdmin, form.IsHidden);
            return new(new JoinLink(url, QrCodeImage.ToPngDataUri(url), JoinLinkBuilder.ReadExpiry(token)), new Dictionary<string, string>(), null);
        }
        catch (PlugNmeetException ex)
        {
            logger.LogWarning("No join link for room {RoomId}: {Failure} {StatusCode}", roomId, ex.Failure, ex.StatusCode);
            return new(null, new Dictionary<string, string>(), ex.Message);
        }
    }

    /// <summary>The getJoinToken body. Locks are left out for administrators: plugNmeet discards them anyway.</summary>
    public static GenerateTokenRequest ToRequest(JoinLinkForm form, string roomId)
    {
        var metadata = new UserMetadata
        {
            ProfilePic = string.IsNullOrWhiteSpace(form.AvatarUrl) ? null : form.AvatarUrl.Trim(),
            PreferredLang = string.IsNullOrEmpty(form.PreferredLanguage) ? null : form.PreferredLanguage,
            LockSettings = form.IsAdmin ? null : PlugNmeetLocks.ToSettings(form.Locks),
        };
        var hasMetadata = metadata.ProfilePic is not null || metadata.PreferredLang is not null || metadata.LockSettings is not null;
        return new GenerateTokenRequest(roomId,
            new UserInfo(form.DisplayName.Trim(), form.UserId, form.IsAdmin, form.IsHidden, hasMetadata ? metadata : null));
    }
}
