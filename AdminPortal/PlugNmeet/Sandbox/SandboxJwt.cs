using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AdminPortal.PlugNmeet.Sandbox;

/// <summary>
/// HS256 JWTs as plugNmeet issues them (contract §4). Hand-rolled on purpose: Microsoft.IdentityModel refuses
/// HMAC keys under 256 bits, while plugNmeet accepts any secret length.
/// </summary>
internal static class SandboxJwt
{
    private static readonly byte[] Header = Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}""");

    public static string Sign(JsonObject claims, string secret)
    {
        var signingInput = Base64Url.EncodeToString(Header) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return signingInput + "." + Base64Url.EncodeToString(Mac(signingInput, secret));
    }

    /// <summary>Returns the claims when the signature is valid and the algorithm is HS256; otherwise null.</summary>
    public static JsonObject? VerifySignature(string token, string secret)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }
        try
        {
            var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]));
            if ((string?)header?["alg"] != "HS256")
            {
                return null;
            }
            var signature = Base64Url.DecodeFromChars(parts[2]);
            if (!CryptographicOperations.FixedTimeEquals(signature, Mac(parts[0] + "." + parts[1], secret)))
            {
                return null;
            }
            return JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) as JsonObject;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    private static byte[] Mac(string signingInput, string secret) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signingInput));
}
