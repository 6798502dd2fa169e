using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AdminPortal.PlugNmeet;

namespace AdminPortal.Webhooks;

/// <summary>Why a webhook request was not accepted; never told to the sender (it gets a bare 401), only counted and logged.</summary>
public enum WebhookRejection
{
    None,
    MissingToken,
    Malformed,
    BadSignature,
    WrongIssuer,
    Expired,
    NotYetValid,
    BodyMismatch,
}

/// <summary>
/// Checks a plugNmeet webhook as plugnmeet-protocol's <c>webhook/verify.go</c> does (contract §11): an HS256 JWT in
/// <c>Authorization</c> or <c>Hash-Token</c>, signed with the API secret, <c>iss</c> = the API key, inside <c>nbf</c>..<c>exp</c>
/// with go-jose's one-minute leeway, and a <c>sha256</c> claim equal to the standard base64 of SHA-256 over the exact body
/// bytes, compared in constant time. Nothing in the body is read before all of this passes.
/// </summary>
public static class WebhookVerifier
{
    /// <summary>go-jose's <c>jwt.DefaultLeeway</c>, which plugNmeet's own verifier applies to <c>exp</c> and <c>nbf</c>.</summary>
    public static readonly TimeSpan Leeway = TimeSpan.FromMinutes(1);

    /// <summary>
    /// <see cref="WebhookRejection.None"/> when one of the two headers holds a token that proves <paramref name="body"/> came from
    /// the server with this key and secret. <c>Authorization</c> is tried first; a proxy may have replaced it, so a valid
    /// <c>Hash-Token</c> is enough. A rejection names why the first token present failed.
    /// </summary>
    public static WebhookRejection Verify(string? authorization, string? hashToken, ReadOnlySpan<byte> body,
        string apiKey, string apiSecret, DateTimeOffset now)
    {
        var candidates = new[] { Token(authorization), Token(hashToken) }.Where(t => t is not null).Cast<string>().ToList();
        if (candidates.Count == 0)
        {
            return WebhookRejection.MissingToken;
        }
        var bodyHash = Encoding.ASCII.GetBytes(Convert.ToBase64String(SHA256.HashData(body)));
        var first = WebhookRejection.None;
        foreach (var token in candidates)
        {
            var outcome = Check(token, bodyHash, apiKey, apiSecret, now);
            if (outcome == WebhookRejection.None)
            {
                return outcome;
            }
            first = first == WebhookRejection.None ? outcome : first;
        }
        return first;
    }

    private static WebhookRejection Check(string token, byte[] bodyHash, string apiKey, string apiSecret, DateTimeOffset now)
    {
        var (claims, malformed) = PlugNmeetJwt.VerifySignature(token, apiSecret);
        if (claims is null)
        {
            return malformed ? WebhookRejection.Malformed : WebhookRejection.BadSignature;
        }
        if (Text(claims, "iss") != apiKey)
        {
            return WebhookRejection.WrongIssuer;
        }
        // go-jose: a token without exp does not expire and one without nbf is valid at once; plugNmeet always sends both.
        var (exp, badExp) = Seconds(claims, "exp");
        var (nbf, badNbf) = Seconds(claims, "nbf");
        if (badExp || badNbf)
        {
            return WebhookRejection.Malformed;
        }
        if (exp is { } expires && now > DateTimeOffset.FromUnixTimeSeconds(expires) + Leeway)
        {
            return WebhookRejection.Expired;
        }
        if (nbf is { } notBefore && now < DateTimeOffset.FromUnixTimeSeconds(notBefore) - Leeway)
        {
            return WebhookRejection.NotYetValid;
        }
        var claimed = Text(claims, "sha256");
        return claimed is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(claimed), bodyHash)
            ? WebhookRejection.None
            : WebhookRejection.BodyMismatch;
    }

    // LiveKit-style senders put the bare token in Authorization; a "Bearer " prefix is accepted too.
    private static string? Token(string? header)
    {
        var value = header?.Trim();
        if (value is not null && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            value = value[7..].Trim();
        }
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static string? Text(JsonObject claims, string name) =>
        claims[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    // The last second DateTimeOffset can hold (9999-12-31); beyond it a date is not one.
    private const long MaxSeconds = 253_402_300_799;

    /// <summary>A NumericDate claim: absent (null, ok), or whole or fractional seconds; anything else is <c>Malformed</c>.</summary>
    private static (long? Value, bool Malformed) Seconds(JsonObject claims, string name) => claims[name] switch
    {
        null => (null, false),
        JsonValue v when v.TryGetValue<long>(out var whole) && whole is >= 0 and <= MaxSeconds => (whole, false),
        JsonValue v when v.TryGetValue<double>(out var real) && real is >= 0 and <= MaxSeconds => ((long)real, false),
        _ => (null, true),
    };
}
