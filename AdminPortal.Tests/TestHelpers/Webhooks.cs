using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AdminPortal.PlugNmeet;
using AdminPortal.Webhooks;

namespace AdminPortal.Tests.TestHelpers;

/// <summary>Signs and posts webhooks to a test portal the way plugNmeet does (contract §11), with the portal's own key and secret.</summary>
public static class Webhooks
{
    /// <summary>A <c>CommonNotifyEvent</c> body (protojson, proto names, int64 as strings); participant fields only when a user is given.</summary>
    public static byte[] Body(string eventName, string roomId, string roomSid, DateTimeOffset createdAt, string? userId = null, string? participantSid = null,
        string? name = null, DateTimeOffset? joinedAt = null, bool? hidden = null, int numDropped = 0, string? id = null)
    {
        var body = new JsonObject
        {
            ["event"] = eventName,
            ["room"] = new JsonObject { ["sid"] = roomSid, ["room_id"] = roomId },
        };
        if (userId is not null)
        {
            var participant = new JsonObject { ["identity"] = userId, ["name"] = name ?? userId };
            if (participantSid is not null)
            {
                participant["sid"] = participantSid;
            }
            if (joinedAt is { } joined)
            {
                participant["joined_at"] = joined.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            if (hidden is { } isHidden)
            {
                participant["permission"] = new JsonObject { ["hidden"] = isHidden };
            }
            body["participant"] = participant;
        }
        body["id"] = id ?? Guid.NewGuid().ToString();
        body["created_at"] = createdAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (numDropped > 0)
        {
            body["num_dropped"] = numDropped;
        }
        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    /// <summary>plugNmeet's token for <paramref name="body"/>: HS256, iss = API key, five minutes, sha256 = standard base64 of the body's hash.</summary>
    public static string Token(PortalFactory portal, byte[] body, string? secret = null) => PlugNmeetJwt.Sign(new JsonObject
    {
        ["exp"] = portal.Clock.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds(),
        ["iss"] = portal.Connection.ApiKey,
        ["nbf"] = portal.Clock.GetUtcNow().ToUnixTimeSeconds(),
        ["sha256"] = Convert.ToBase64String(SHA256.HashData(body)),
    }, secret ?? portal.Connection.ApiSecret);

    public static async Task<HttpResponseMessage> PostAsync(PortalFactory portal, byte[] body, string? authorization, string? hashToken = null)
    {
        using var http = new HttpClient { BaseAddress = new Uri(portal.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookEndpoints.Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/webhook+json");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        if (hashToken is not null)
        {
            request.Headers.TryAddWithoutValidation("Hash-Token", hashToken);
        }
        return await http.SendAsync(request);
    }

    /// <summary>Signs and posts; the portal must accept it.</summary>
    public static async Task SendAsync(PortalFactory portal, byte[] body)
    {
        using var response = await PostAsync(portal, body, Token(portal, body));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
