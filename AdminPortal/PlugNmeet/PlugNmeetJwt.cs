using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AdminPortal.PlugNmeet;

/// <summary>
/// HS256 JWTs as plugNmeet issues them: join tokens (contract §4) and webhook tokens (§11). Hand-rolled on purpose: Microsoft.IdentityModel refuses
/// HMAC keys under 256 bits, while plugNmeet accepts any secret length.
/// </summary>
internal static class PlugNmeetJwt
{
    // Go's encoding writes non-ASCII as UTF-8, not \uXXXX: the same claims make a token of the same length.
    private static readonly JsonSerializerOptions ClaimsJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly byte[] Header = Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}""");

    public static string Sign(JsonObject claims, string secret)
    {
        var signingInput = Base64Url.EncodeToString(Header) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString(ClaimsJson)));
        return signingInput + "." + Base64Url.EncodeToString(Mac(signingInput, secret));
    }

    /// <summary>
    /// The claims when the token is well formed, HS256 and signed with <paramref name="secret"/>; otherwise null, with
    /// <c>Malformed</c> true when it is not a JWT at all (segments, base64url, JSON objects).
    /// </summary>
    public static (JsonObject? Claims, bool Malformed) VerifySignature(string token, string secret)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0))
        {
            return (null, true);
        }
        try
        {
            var header = ParseObject(parts[0]);
            var claims = ParseObject(parts[1]);
            var signature = Base64Url.DecodeFromChars(parts[2]);
            if (header is null || claims is null)
            {
                return (null, true);
            }
            var algorithm = header["alg"] is JsonValue alg && alg.TryGetValue<string>(out var name) ? name : null;
            return algorithm == "HS256" && CryptographicOperations.FixedTimeEquals(signature, Mac(parts[0] + "." + parts[1], secret))
                ? (claims, false)
                : (null, false);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException or InvalidOperationException)
        {
            return (null, true);
        }
    }

    // Duplicate keys, deep nesting and non-objects are refused here, so reading a claim later cannot throw.
    private static JsonObject? ParseObject(string segment)
    {
        var node = JsonNode.Parse(Base64Url.DecodeFromChars(segment), documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 16 });
        return node is JsonObject obj && obj.Count >= 0 ? obj : null;
    }

    private static byte[] Mac(string signingInput, string secret) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signingInput));
}
